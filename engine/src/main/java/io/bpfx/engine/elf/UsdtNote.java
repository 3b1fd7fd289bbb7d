package io.bpfx.engine.elf;

/**
 * One USDT probe site from a {@code .note.stapsdt} note.
 *
 * @param pc        virtual address of the probe's nop, already adjusted for prelink/strip
 *                  moves via {@code .stapsdt.base} the way libbpf does
 * @param semaphore virtual address of the probe's semaphore, 0 when it has none
 * @param args      argument spec as written by sys/sdt.h, e.g. {@code -8@%rbx}
 */
public record UsdtNote(String provider, String name, long pc, long semaphore, String args) {
}
