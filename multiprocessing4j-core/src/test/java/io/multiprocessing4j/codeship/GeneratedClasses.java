package io.multiprocessing4j.codeship;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compiles Java source in memory and defines the classes from their bytes, as a code generator would. */
final class GeneratedClasses {
    private GeneratedClasses() {
    }

    /** Class files by binary name. */
    static Map<String, byte[]> compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, byte[]> out = new HashMap<>();
        StandardJavaFileManager std = javac.getStandardFileManager(null, null, null);
        JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location l, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                out.put(name, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        JavaFileObject src = new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return source;
            }
        };
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        boolean ok = javac.getTask(new java.io.PrintWriter(errors), fm, null,
                List.of("-classpath", System.getProperty("java.class.path")), null, List.of(src)).call();
        if (!ok) {
            throw new IllegalStateException("test source does not compile: " + errors);
        }
        return out;
    }

    /** Defines classes from bytes; serves them as resources only if {@code serveBytes}. */
    static final class BytesLoader extends ClassLoader {
        private final Map<String, byte[]> classes;
        private final boolean serveBytes;

        BytesLoader(Map<String, byte[]> classes, boolean serveBytes) {
            super("generated", GeneratedClasses.class.getClassLoader());
            this.classes = classes;
            this.serveBytes = serveBytes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (serveBytes && name.endsWith(".class")) {
                byte[] b = classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
                if (b != null) {
                    return new ByteArrayInputStream(b);
                }
            }
            return super.getResourceAsStream(name);
        }

        @Override
        protected java.net.URL findResource(String name) {
            if (!serveBytes || !name.endsWith(".class")
                    || !classes.containsKey(name.substring(0, name.length() - 6).replace('/', '.'))) {
                return null;
            }
            try {
                return java.net.URL.of(URI.create("generated:/" + name), new java.net.URLStreamHandler() {
                    @Override
                    protected java.net.URLConnection openConnection(java.net.URL u) {
                        return new java.net.URLConnection(u) {
                            @Override
                            public void connect() {
                            }

                            @Override
                            public InputStream getInputStream() {
                                return getResourceAsStream(name);
                            }
                        };
                    }
                });
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
