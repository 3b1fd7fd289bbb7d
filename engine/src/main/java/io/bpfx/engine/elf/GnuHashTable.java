package io.bpfx.engine.elf;

import java.util.function.LongConsumer;

/**
 * A DT_GNU_HASH table (.gnu.hash): the loader's own index of exported symbols.
 * A lookup reads one bloom filter word, one bucket and a short chain, so a
 * library that does not define the name is rejected after touching a page or two.
 */
final class GnuHashTable {
    private final ElfFile elf;
    private final SymbolTable symbols;
    private final long bucketCount;
    private final long symbolOffset;
    private final long bloomSize;
    private final int bloomShift;
    private final long bloomAt;
    private final long bucketsAt;
    private final long chainAt;

    /** @param at file offset of the table; {@code symbols} is the .dynsym it indexes */
    GnuHashTable(ElfFile elf, long at, SymbolTable symbols) {
        this.elf = elf;
        this.symbols = symbols;
        this.bucketCount = elf.u32(at);
        this.symbolOffset = elf.u32(at + 4);
        this.bloomSize = elf.u32(at + 8);
        this.bloomShift = (int) elf.u32(at + 12);
        this.bloomAt = at + 16;
        this.bucketsAt = bloomAt + bloomSize * 8;
        this.chainAt = bucketsAt + bucketCount * 4;
        if (bucketCount == 0 || bloomSize == 0) {
            throw elf.corrupt(".gnu.hash has " + bucketCount + " buckets and " + bloomSize + " bloom words");
        }
        elf.check(at, chainAt - at, ".gnu.hash");
    }

    /** DJB hash as the GNU loader computes it (unsigned 32-bit). */
    static long hash(byte[] name) {
        int h = 5381;
        for (byte b : name) h = h * 33 + (b & 0xff);
        return h & 0xffffffffL;
    }

    /** Calls {@code sink} with each symbol index whose name is exactly {@code name}. */
    void forEachMatch(byte[] name, LongConsumer sink) {
        long h = hash(name);
        long word = elf.u64(bloomAt + ((h / 64) % bloomSize) * 8);
        long mask = (1L << (h % 64)) | (1L << ((h >>> bloomShift) % 64));
        if ((word & mask) != mask) return;
        long index = elf.u32(bucketsAt + (h % bucketCount) * 4);
        if (index == 0) return;
        if (index < symbolOffset) throw elf.corrupt(".gnu.hash bucket points below its first hashed symbol");
        for (; index < symbols.count(); index++) {
            long entryHash = elf.u32(chainAt + (index - symbolOffset) * 4);
            if ((entryHash | 1) == (h | 1)) {
                long nameAt = symbols.stringsOffset() + elf.u32(symbols.offset() + index * ElfFile.SYM_ENTRY_SIZE);
                if (elf.cStringEquals(nameAt, symbols.stringsEnd(), name)) sink.accept(index);
            }
            if ((entryHash & 1) != 0) break;     // last entry of this bucket's chain
        }
    }
}
