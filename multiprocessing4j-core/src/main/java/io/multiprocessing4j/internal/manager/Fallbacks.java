package io.multiprocessing4j.internal.manager;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Client-side versions of the collection default methods whose function argument cannot be sent to
 * the manager. They run while the proxy holds the object's lock on the manager, so they are as
 * atomic as the server-side versions.
 *
 * <p>Implementation notes. The JDK's default implementations of {@code compute}, {@code merge},
 * {@code putIfAbsent}... only call {@code get}/{@code put}/{@code remove}, which work through the
 * proxy, so they run unchanged. The ones that write through an entry or an iterator
 * ({@code Map.replaceAll}, {@code List.replaceAll}, {@code List.sort}, {@code removeIf}) would
 * write to the copies a proxy returns, so they are rewritten here in terms of proxy calls.
 */
final class Fallbacks {
    private Fallbacks() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object run(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (proxy instanceof Map map && name.equals("replaceAll")) {
            BiFunction fn = (BiFunction) args[0];
            for (Object k : new ArrayList<>(map.keySet())) {
                map.put(k, fn.apply(k, map.get(k)));
            }
            return null;
        }
        if (proxy instanceof List list && name.equals("replaceAll")) {
            UnaryOperator op = (UnaryOperator) args[0];
            int n = list.size();
            for (int i = 0; i < n; i++) {
                list.set(i, op.apply(list.get(i)));
            }
            return null;
        }
        if (proxy instanceof List list && name.equals("sort")) {
            List copy = new ArrayList<>(list);
            copy.sort((Comparator) args[0]);
            if (ManagerClient.handler(proxy).typeName.equals("array")) { // fixed length: no clear, no addAll
                for (int i = 0; i < copy.size(); i++) {
                    list.set(i, copy.get(i));
                }
            } else {
                list.clear();
                list.addAll(copy);
            }
            return null;
        }
        if (proxy instanceof Collection col && name.equals("removeIf")) {
            Predicate p = (Predicate) args[0];
            List keep = new ArrayList<>();
            boolean removed = false;
            for (Object x : new ArrayList<>(col)) {
                if (p.test(x)) {
                    removed = true;
                } else {
                    keep.add(x);
                }
            }
            if (removed) {
                col.clear();
                col.addAll(keep);
            }
            return removed;
        }
        return InvocationHandler.invokeDefault(proxy, method, args);
    }
}
