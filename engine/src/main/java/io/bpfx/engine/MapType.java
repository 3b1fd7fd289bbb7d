package io.bpfx.engine;

/** BPF map types (enum bpf_map_type), by their kernel number. */
public enum MapType {
    UNSPEC, HASH, ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, PERCPU_HASH, PERCPU_ARRAY, STACK_TRACE, CGROUP_ARRAY,
    LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE, ARRAY_OF_MAPS, HASH_OF_MAPS, DEVMAP, SOCKMAP, CPUMAP, XSKMAP, SOCKHASH,
    CGROUP_STORAGE, REUSEPORT_SOCKARRAY, PERCPU_CGROUP_STORAGE, QUEUE, STACK, SK_STORAGE, DEVMAP_HASH, STRUCT_OPS,
    RINGBUF, INODE_STORAGE, TASK_STORAGE, BLOOM_FILTER, USER_RINGBUF, UNKNOWN;

    public static MapType of(int kernelType) {
        MapType[] all = values();
        return kernelType >= 0 && kernelType < all.length - 1 ? all[kernelType] : UNKNOWN;
    }

    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH || this == PERCPU_CGROUP_STORAGE;
    }

    public boolean isArray() {
        return this == ARRAY || this == PERCPU_ARRAY;
    }

    /** Maps whose entries are key/value data a user can read whole. */
    public boolean isReadable() {
        switch (this) {
            case HASH: case ARRAY: case PERCPU_HASH: case PERCPU_ARRAY: case LRU_HASH: case LRU_PERCPU_HASH:
            case LPM_TRIE: case STACK_TRACE:
                return true;
            default:
                return false;
        }
    }

    /** Map types whose records the engine streams as events. */
    public boolean isEventStream() {
        return this == RINGBUF || this == PERF_EVENT_ARRAY;
    }

    public String lowerName() {
        return name().toLowerCase();
    }
}
