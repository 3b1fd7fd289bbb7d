/* BCC C for the engine's BCC tests: openat() calls of one process
 * (TARGET_PID, passed as -DTARGET_PID=...) counted by pid and by (pid, comm),
 * and sent as perf events carrying pid, comm and filename. */
#include <linux/sched.h>

#ifndef TARGET_PID
#error "compile with -DTARGET_PID=<pid>"
#endif

struct key_t {
    u32 pid;
    char comm[TASK_COMM_LEN];
};

struct data_t {
    u32 pid;
    u64 ts;
    char comm[TASK_COMM_LEN];
    char filename[128];
};

BPF_HASH(opens, u32, u64);
BPF_HASH(opens_by_comm, struct key_t, u64);
BPF_PERF_OUTPUT(events);

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    if (pid != TARGET_PID)
        return 0;
    opens.increment(pid);

    struct key_t key = {};
    key.pid = pid;
    bpf_get_current_comm(&key.comm, sizeof(key.comm));
    opens_by_comm.increment(key);

    struct data_t data = {};
    data.pid = pid;
    data.ts = bpf_ktime_get_ns();
    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    bpf_probe_read_user_str(&data.filename, sizeof(data.filename), args->filename);
    events.perf_submit(args, &data, sizeof(data));
    return 0;
}
