package io.multiprocessing4j.internal.manager;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The manager server's objects and who holds references to them: the table a {@link ManagerServer}
 * dispatches calls against.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>References belong to sessions: a client process's session lives as long as its control
 *     connection, and when that ends every reference it held is dropped ({@link #releaseSession}).
 *     A serialized proxy reserves a reference first ({@link #transfer}); the receiving process
 *     adopts it ({@link #adopt}), so an object cannot be freed while a proxy to it is in flight.
 *     An object is freed when its count reaches zero.</li>
 * <li>All reference bookkeeping happens under this table's monitor; it is rare next to calls,
 *     which only read the concurrent {@code objects} map through {@link #entry}.</li>
 * <li>The same target created twice for one type (a factory returning a singleton) keeps one id,
 *     found through the identity map {@code byTarget}, so its references add up rather than two
 *     entries each freeing the shared object's bookkeeping on their own.</li>
 * </ul>
 */
final class ObjectTable {
    private final String where;
    private final Map<Long, Entry> objects = new ConcurrentHashMap<>();
    private final IdentityHashMap<Object, Entry> byTarget = new IdentityHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<Long, Transfer> transfers = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();

    /** {@code where} names the server in error messages ("the manager at ..."). */
    ObjectTable(String where) {
        this.where = where;
    }

    /** One managed object: its target, its type and the lock that makes calls on "locked" types atomic. */
    static final class Entry {
        final long id;
        final Object target;
        final TypeSpec type;
        final ReentrantLock lock = new ReentrantLock();
        int refs; // guarded by the table

        Entry(long id, Object target, TypeSpec type) {
            this.id = id;
            this.target = target;
            this.type = type;
        }
    }

    /** A client process: the references it holds and the transfers it has reserved but not yet seen adopted. */
    static final class Session {
        final String id;
        final Map<Long, Integer> refs = new HashMap<>(); // guarded by the table
        final Set<Long> tokens = new LinkedHashSet<>(); // guarded by the table

        Session(String id) {
            this.id = id;
        }
    }

    private record Transfer(Session owner, long objectId) {
    }

    /**
     * The session {@code sessionId}: a control connection opens it when it is new; any other
     * connection may only join a session that is still open.
     */
    synchronized Session join(String sessionId, boolean control) {
        Session s = sessions.get(sessionId);
        if (s == null) {
            if (!control) {
                throw new IllegalStateException("unknown manager session " + sessionId + ": it has ended");
            }
            s = new Session(sessionId);
            sessions.put(sessionId, s);
        }
        return s;
    }

    /** The live object {@code id}; fails when every reference to it was released. */
    Entry entry(long id) {
        Entry e = objects.get(id);
        if (e == null) {
            throw new IllegalStateException("managed object " + id + " no longer exists on " + where
                    + ": every reference to it was released");
        }
        return e;
    }

    /** Whether {@code e} is still the table's entry for its id (false once it was freed). */
    boolean live(Entry e) {
        return objects.get(e.id) == e;
    }

    /** Enters {@code target} (or finds it, when this type already holds it) with one reference for {@code session}. */
    synchronized Entry adoptNew(Session session, Object target, TypeSpec type) {
        Entry e = byTarget.get(target);
        if (e == null || e.type != type) {
            e = new Entry(ids.incrementAndGet(), target, type);
            objects.put(e.id, e);
            byTarget.put(target, e);
        }
        e.refs++;
        session.refs.merge(e.id, 1, Integer::sum);
        return e;
    }

    /** Reserves a reference to {@code id} for a proxy in flight; the token is what the receiver adopts. */
    synchronized long transfer(Session session, long id) {
        Entry e = entry(id);
        e.refs++;
        long token = tokens.incrementAndGet();
        transfers.put(token, new Transfer(session, id));
        session.tokens.add(token);
        return token;
    }

    /**
     * Gives {@code session} the reference reserved under {@code token}; a token already given (a
     * proxy unpickled twice) takes a fresh reference, if the object still lives.
     */
    synchronized void adopt(Session session, long token, long id) {
        Transfer t = transfers.remove(token);
        if (t != null) {
            t.owner.tokens.remove(token);
            session.refs.merge(id, 1, Integer::sum);
        } else {
            Entry e = objects.get(id);
            if (e == null) {
                throw new IllegalStateException("managed object " + id + " was freed before this proxy arrived:"
                        + " the process that sent it released its last reference");
            }
            e.refs++;
            session.refs.merge(id, 1, Integer::sum);
        }
    }

    /** Drops one of {@code session}'s references to {@code id}; a reference it does not hold is ignored. */
    synchronized void decref(Session session, long id) {
        if (session == null) {
            return;
        }
        Integer n = session.refs.get(id);
        if (n == null) {
            return;
        }
        if (n == 1) {
            session.refs.remove(id);
        } else {
            session.refs.put(id, n - 1);
        }
        drop(id, 1);
    }

    private void drop(long id, int count) {
        Entry e = objects.get(id);
        if (e == null) {
            return;
        }
        e.refs -= count;
        if (e.refs <= 0) {
            objects.remove(id);
            if (byTarget.get(e.target) == e) {
                byTarget.remove(e.target);
            }
        }
    }

    /** Ends {@code s}: every reference it held, and every transfer it reserved and nobody adopted, is dropped. */
    synchronized void releaseSession(Session s) {
        sessions.remove(s.id);
        for (Map.Entry<Long, Integer> r : s.refs.entrySet()) {
            drop(r.getKey(), r.getValue());
        }
        s.refs.clear();
        for (Long token : s.tokens) {
            Transfer t = transfers.remove(token);
            if (t != null) {
                drop(t.objectId, 1);
            }
        }
        s.tokens.clear();
    }

    /** How many objects are alive. */
    int size() {
        return objects.size();
    }

    /** Forgets every object (the server is closing). */
    synchronized void clear() {
        objects.clear();
        byTarget.clear();
    }
}
