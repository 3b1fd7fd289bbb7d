/* BCC C with a compile error on line 6. */
BPF_HASH(counts, u32, u64);

int broken(void *ctx)
{
    return undefined_thing + 1;
}
