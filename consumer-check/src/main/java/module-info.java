/** The consumer check as a named module: run with the library on the module path. */
module io.multiprocessing4j.consumer {
    requires io.multiprocessing4j;
}
