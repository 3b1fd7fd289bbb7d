/* BCC C: calls of bpfx_target_fn (attached explicitly as a uprobe) and the
 * values it returns (as a uretprobe). */
#include <uapi/linux/ptrace.h>

BPF_ARRAY(calls, u64, 1);
BPF_HASH(rets, u64, u64);

int on_call(struct pt_regs *ctx)
{
    int zero = 0;
    calls.increment(zero);
    return 0;
}

int on_return(struct pt_regs *ctx)
{
    u64 rc = PT_REGS_RC(ctx);
    rets.increment(rc);
    return 0;
}
