package io.bpfx.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.btf.Btf;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;
import io.bpfx.engine.btf.LayoutEncoder;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A map of a {@link BpfObject} (or, known by its fd only, of a BCC module): typed
 * through BTF (keys and values decode to named fields), readable whole through a map
 * iterator, else BPF_MAP_LOOKUP_BATCH, else get_next_key ({@link MapReads}).
 */
public final class BpfMap {
    private static final LibBpf LIB = LibBpf.INSTANCE;
    private static final long BPF_ANY = 0;

    private final BpfObject owner;
    private final Pointer map;
    private final String name;
    private final MapType type;
    private final int keySize, valueSize;
    private final List<AutoCloseable> readers = new ArrayList<>();
    private final int rawFd, rawMaxEntries;
    private Layout keyLayout, valueLayout;
    private final MapReads reads = new MapReads(this);

    BpfMap(BpfObject owner, Pointer map) {
        this.owner = owner;
        this.map = map;
        this.name = LIB.bpf_map__name(map);
        this.type = MapType.of(LIB.bpf_map__type(map));
        this.keySize = LIB.bpf_map__key_size(map);
        this.valueSize = LIB.bpf_map__value_size(map);
        this.rawFd = -1;
        this.rawMaxEntries = 0;
    }

    private BpfMap(String name, MapType type, int fd, int keySize, int valueSize, int maxEntries, Layout key, Layout value) {
        this.owner = null;
        this.map = null;
        this.name = name;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.rawFd = fd;
        this.rawMaxEntries = maxEntries;
        this.keyLayout = key != null ? key : fallbackLayout(keySize);
        this.valueLayout = value != null ? value : fallbackLayout(valueSize);
    }

    /**
     * A map that libbpf did not create (e.g. one made by BCC), known by its fd. The
     * caller owns the fd; layouts may be null (then: integers by size, or raw bytes).
     */
    public static BpfMap ofFd(String name, MapType type, int fd, int keySize, int valueSize, int maxEntries,
                              Layout key, Layout value) {
        return new BpfMap(name, type, fd, keySize, valueSize, maxEntries, key, value);
    }

    public String name() { return name; }
    public MapType type() { return type; }
    public int keySize() { return keySize; }
    public int valueSize() { return valueSize; }
    /** Read from libbpf each time: it fills in some (perf event arrays: the CPU count) at load. */
    public int maxEntries() { return map != null ? LIB.bpf_map__max_entries(map) : rawMaxEntries; }
    /** The object this map belongs to; null for maps known only by fd. */
    public BpfObject object() { return owner; }

    /** Internal maps libbpf makes for globals, and bpfx's own bookkeeping maps. */
    public boolean isInternal() {
        return name.endsWith(".rodata") || name.endsWith(".bss") || name.endsWith(".data")
                || name.endsWith(".kconfig") || name.contains(".rodata.") || name.contains(".data.")
                || name.startsWith("bpfx_");
    }

    /** Sets max_entries before load (ring buffer size, table size). */
    public void setMaxEntries(int entries) {
        if (map == null) throw new IllegalStateException("map " + name + " already exists");
        if (owner.isLoaded()) throw new IllegalStateException("max_entries must be set before load()");
        LIB.bpf_map__set_max_entries(map, entries);
    }

    public int fd() {
        if (map == null) return rawFd;
        int fd = LIB.bpf_map__fd(map);
        if (fd < 0) throw new IllegalStateException("map " + name + " is not created yet: load the object first");
        return fd;
    }

    public boolean isPerCpu() {
        return type.isPerCpu();
    }

    /** Bytes one value takes in a lookup: per-CPU maps hold one 8-aligned slot per possible CPU. */
    int valueStride() {
        return isPerCpu() ? (valueSize + 7) & ~7 : valueSize;
    }

    int valueBufferSize() {
        return isPerCpu() ? valueStride() * Cpus.possible() : valueSize;
    }

    /** The key's layout from BTF; maps without BTF get an unsigned integer or raw bytes. */
    public synchronized Layout keyLayout() {
        if (keyLayout == null) keyLayout = layoutOf(LIB.bpf_map__btf_key_type_id(map), keySize); // libbpf maps only: others are preset
        return keyLayout;
    }

    public synchronized Layout valueLayout() {
        if (valueLayout == null) valueLayout = layoutOf(LIB.bpf_map__btf_value_type_id(map), valueSize);
        return valueLayout;
    }

    private Layout layoutOf(int typeId, int size) {
        Btf btf = owner == null ? null : owner.btf();
        if (btf != null && typeId > 0) {
            return btf.layout(typeId);
        }
        return fallbackLayout(size);
    }

    static Layout fallbackLayout(int size) {
        if (size == 1 || size == 2 || size == 4 || size == 8) {
            return new Layout.IntLayout(size, false, false, false);
        }
        return new Layout.OpaqueLayout(size);
    }

    // --- whole-map reads (the strategies live in MapReads) ----------------------

    /**
     * Every entry: through a BPF map iterator when the kernel has them (fastest), else
     * with batch lookups, else key by key.
     */
    public MapSnapshot snapshot() {
        requireReadable();
        return reads.snapshot();
    }

    /** Every entry with BPF_MAP_LOOKUP_BATCH (falling back to key by key); for benchmarks and old kernels. */
    public MapSnapshot snapshotBatch() {
        return snapshotBatch(new ReadBuffers());
    }

    /**
     * Native buffers a caller keeps between whole-map reads (an exporter scraping a big
     * map): fresh max_entries-sized buffers per read make the process's resident memory
     * grow under malloc churn. A snapshot read into them is valid until the next read.
     */
    public static final class ReadBuffers {
        Memory keys, values, in, out;
        /** The iterator's read buffer and the entries split out of it (see {@link MapIterator}). */
        Memory iter;
        byte[] iterKeys, iterValues;
        final IntByReference count = new IntByReference();

        static Memory atLeast(Memory m, long size) {
            return m != null && m.size() >= size ? m : new Memory(Math.max(1, size));
        }
    }

    /**
     * {@link #snapshot()} (iterator first) into buffers the caller keeps (see
     * {@link ReadBuffers}): the snapshot is valid until the next read into them.
     */
    public MapSnapshot snapshot(ReadBuffers buffers) {
        requireReadable();
        return reads.snapshot(buffers);
    }

    /** {@link #snapshotBatch()} into buffers the caller keeps (see {@link ReadBuffers}). */
    public MapSnapshot snapshotBatch(ReadBuffers buffers) {
        requireReadable();
        return reads.batch(buffers);
    }

    /** Every entry, one get_next_key + lookup per key (the fallback; also for benchmarks). */
    public MapSnapshot snapshotPerKey() {
        requireReadable();
        return reads.perKey();
    }

    /** Decoded entries (per-CPU values summed field by field). */
    public List<Map.Entry<Object, Object>> entries() {
        MapSnapshot s = snapshot();
        Layout kl = keyLayout(), vl = valueLayout();
        List<Map.Entry<Object, Object>> out = new ArrayList<>(s.count());
        for (int i = 0; i < s.count(); i++) {
            Object key = LayoutDecoder.decode(kl, s.keys(), s.keyOffset(i));
            out.add(new AbstractMap.SimpleImmutableEntry<>(key, decodeValue(s, i)));
        }
        return out;
    }

    /** Decoded entries with one value per possible CPU (a List) for per-CPU maps. */
    public List<Map.Entry<Object, Object>> entriesPerCpu() {
        MapSnapshot s = snapshot();
        Layout kl = keyLayout(), vl = valueLayout();
        List<Map.Entry<Object, Object>> out = new ArrayList<>(s.count());
        for (int i = 0; i < s.count(); i++) {
            Object key = LayoutDecoder.decode(kl, s.keys(), s.keyOffset(i));
            List<Object> perCpu = new ArrayList<>(s.cpus());
            for (int c = 0; c < s.cpus(); c++) perCpu.add(LayoutDecoder.decode(vl, s.values(), s.valueOffset(i, c)));
            out.add(new AbstractMap.SimpleImmutableEntry<>(key, perCpu));
        }
        return out;
    }

    private Object decodeValue(MapSnapshot s, int i) {
        Layout vl = valueLayout();
        if (s.cpus() == 1) return LayoutDecoder.decode(vl, s.values(), s.valueOffset(i, 0));
        Object sum = null;
        for (int c = 0; c < s.cpus(); c++) {
            sum = PerCpuSum.add(sum, LayoutDecoder.decode(vl, s.values(), s.valueOffset(i, c)));
        }
        return sum;
    }

    // --- single keys ---------------------------------------------------------

    public Optional<byte[]> lookupRaw(byte[] key) {
        checkKey(key);
        Memory k = new Memory(keySize);
        k.write(0, key, 0, keySize);
        Memory v = new Memory(valueBufferSize());
        if (LIB.bpf_map_lookup_elem(fd(), k, v) != 0) {
            int err = Errno.last();
            if (err == Errno.ENOENT) return Optional.empty();
            throw new BpfxException("lookup in map " + name + " failed: " + Errno.describe(err));
        }
        return Optional.of(v.getByteArray(0, valueBufferSize()));
    }

    /** The decoded value at a decoded key (per-CPU values summed), if present. */
    public Optional<Object> lookup(Object key) {
        return lookupRaw(LayoutEncoder.encode(keyLayout(), key)).map(raw -> {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            if (!isPerCpu()) return LayoutDecoder.decode(valueLayout(), b, 0);
            Object sum = null;
            for (int c = 0; c < Cpus.possible(); c++) sum = PerCpuSum.add(sum, LayoutDecoder.decode(valueLayout(), b, c * valueStride()));
            return sum;
        });
    }

    public void updateRaw(byte[] key, byte[] value) {
        checkKey(key);
        Memory k = new Memory(keySize);
        k.write(0, key, 0, keySize);
        Memory v = new Memory(valueBufferSize());
        v.clear();
        if (isPerCpu() && value.length == valueSize) {
            for (int c = 0; c < Cpus.possible(); c++) v.write((long) c * valueStride(), value, 0, valueSize); // same value on every CPU
        } else {
            v.write(0, value, 0, Math.min(value.length, valueBufferSize()));
        }
        if (LIB.bpf_map_update_elem(fd(), k, v, BPF_ANY) != 0) {
            int err = Errno.last();
            if (err == Errno.E2BIG || err == Errno.ENOSPC) {
                throw new BpfxException("map " + name + " is full (" + maxEntries() + " entries)");
            }
            throw new BpfxException("update of map " + name + " failed: " + Errno.describe(err));
        }
    }

    public void update(Object key, Object value) {
        updateRaw(LayoutEncoder.encode(keyLayout(), key), LayoutEncoder.encode(valueLayout(), value));
    }

    public boolean deleteRaw(byte[] key) {
        checkKey(key);
        Memory k = new Memory(keySize);
        k.write(0, key, 0, keySize);
        if (LIB.bpf_map_delete_elem(fd(), k) != 0) {
            int err = Errno.last();
            if (err == Errno.ENOENT) return false;
            if (err == Errno.EINVAL && type.isArray()) {
                updateRaw(key, new byte[valueSize]); // array slots cannot be deleted: zero them
                return true;
            }
            throw new BpfxException("delete from map " + name + " failed: " + Errno.describe(err));
        }
        return true;
    }

    public boolean delete(Object key) {
        return deleteRaw(LayoutEncoder.encode(keyLayout(), key));
    }

    /** Removes every entry (array maps: zeroes every slot). */
    public void clear() {
        MapSnapshot s = snapshot();
        byte[] key = new byte[keySize];
        for (int i = 0; i < s.count(); i++) {
            s.keys().get(s.keyOffset(i), key);
            deleteRaw(key);
        }
    }

    /** Entries currently in the map. */
    public int count() {
        return type.isArray() ? maxEntries() : reads.countKeys();
    }

    private void checkKey(byte[] key) {
        if (key.length != keySize) {
            throw new BpfxException.BadInput("key for map " + name + " must be " + keySize + " bytes, got " + key.length);
        }
    }

    private void requireReadable() {
        if (!type.isReadable()) {
            throw new BpfxException.BadInput("map " + name + " is a " + type.lowerName()
                    + " map; its contents cannot be read as key/value entries");
        }
    }

    // --- event readers ---------------------------------------------------------

    synchronized void registerReader(AutoCloseable reader) {
        readers.add(reader);
    }

    synchronized void closeReaders() {
        for (AutoCloseable r : readers) {
            try {
                r.close();
            } catch (Exception ignored) {
                // closing is best effort: the fds go with the process anyway
            }
        }
        readers.clear();
    }

    Pointer handle() {
        return map;
    }

    @Override
    public String toString() {
        return name + " (" + type.lowerName() + ", " + keySize + "→" + valueSize + " bytes, " + maxEntries() + " max)";
    }
}
