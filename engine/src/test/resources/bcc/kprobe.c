/* BCC C auto-attached as a kprobe by its name. */
BPF_ARRAY(hits, u64, 1);

int kprobe__do_sys_openat2(struct pt_regs *ctx)
{
    int zero = 0;
    hits.increment(zero);
    return 0;
}
