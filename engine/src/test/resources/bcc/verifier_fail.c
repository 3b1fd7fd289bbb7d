/* BCC C that compiles but the verifier refuses: a map value used without
 * checking the lookup for NULL. */
BPF_HASH(counts, u32, u64);

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
    u32 key = 1;
    u64 *v = counts.lookup(&key);
    *v += 1;
    return 0;
}
