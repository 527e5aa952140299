package org.springframework.boot.loader.launch;

import java.net.URL;
import java.net.URLClassLoader;

/** Stands in for Spring Boot's class loader (same name) in tests of the nested-jar check. */
public class LaunchedClassLoader extends URLClassLoader {
    public LaunchedClassLoader(URL[] urls, ClassLoader parent) {
        super(urls, parent);
    }
}
