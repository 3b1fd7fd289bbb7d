-- syscount: system calls counted by syscall or by process, with their time (BCC's syscount).
--   bpfx run syscount [-p PID] [-P] [-L [-m]] [-x | -e ERRNO] [-T TOP] [-i SECONDS [-n COUNT]]
set_description("syscalls counted by syscall or process")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-i", "--interval", type = "int", help = "print a summary every this many seconds" }
add_option{ "-n", "--count", type = "int", help = "number of interval summaries, then exit" }
add_option{ "-T", "--top", type = "int", default = 10, help = "print only this many rows" }
add_option{ "-x", "--failures", help = "count failed syscalls only" }
add_option{ "-e", "--errno", type = "int", help = "count syscalls failing with this errno only" }
add_option{ "-L", "--latency", help = "show the total time spent in each" }
add_option{ "-m", "--milliseconds", help = "with -L, time in milliseconds (default us)" }
add_option{ "-P", "--process", help = "count by process, not by syscall" }

local by_process, latency, ms = get_config("process"), get_config("latency"), get_config("milliseconds")
local top = get_config("top")

-- x86_64 syscall names by number ("-": unused number)
local NAMES = {}
for _, line in ipairs({
    "read write open close stat fstat lstat poll lseek mmap mprotect munmap brk ",
    "rt_sigaction rt_sigprocmask rt_sigreturn ioctl pread64 pwrite64 readv writev access ",
    "pipe select sched_yield mremap msync mincore madvise shmget shmat shmctl dup dup2 ",
    "pause nanosleep getitimer alarm setitimer getpid sendfile socket connect accept sendto ",
    "recvfrom sendmsg recvmsg shutdown bind listen getsockname getpeername socketpair ",
    "setsockopt getsockopt clone fork vfork execve exit wait4 kill uname semget semop ",
    "semctl shmdt msgget msgsnd msgrcv msgctl fcntl flock fsync fdatasync truncate ",
    "ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link unlink symlink ",
    "readlink chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage ",
    "sysinfo times ptrace getuid syslog getgid setuid setgid geteuid getegid setpgid ",
    "getppid getpgrp setsid setreuid setregid getgroups setgroups setresuid getresuid ",
    "setresgid getresgid getpgid setfsuid setfsgid getsid capget capset rt_sigpending ",
    "rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack utime mknod uselib ",
    "personality ustat statfs fstatfs sysfs getpriority setpriority sched_setparam ",
    "sched_getparam sched_setscheduler sched_getscheduler sched_get_priority_max ",
    "sched_get_priority_min sched_rr_get_interval mlock munlock mlockall munlockall vhangup ",
    "modify_ldt pivot_root _sysctl prctl arch_prctl adjtimex setrlimit chroot sync acct ",
    "settimeofday mount umount2 swapon swapoff reboot sethostname setdomainname iopl ioperm ",
    "create_module init_module delete_module get_kernel_syms query_module quotactl ",
    "nfsservctl getpmsg putpmsg afs_syscall tuxcall security gettid readahead setxattr ",
    "lsetxattr fsetxattr getxattr lgetxattr fgetxattr listxattr llistxattr flistxattr ",
    "removexattr lremovexattr fremovexattr tkill time futex sched_setaffinity ",
    "sched_getaffinity set_thread_area io_setup io_destroy io_getevents io_submit io_cancel ",
    "get_thread_area lookup_dcookie epoll_create epoll_ctl_old epoll_wait_old ",
    "remap_file_pages getdents64 set_tid_address restart_syscall semtimedop fadvise64 ",
    "timer_create timer_settime timer_gettime timer_getoverrun timer_delete clock_settime ",
    "clock_gettime clock_getres clock_nanosleep exit_group epoll_wait epoll_ctl tgkill ",
    "utimes vserver mbind set_mempolicy get_mempolicy mq_open mq_unlink mq_timedsend ",
    "mq_timedreceive mq_notify mq_getsetattr kexec_load waitid add_key request_key keyctl ",
    "ioprio_set ioprio_get inotify_init inotify_add_watch inotify_rm_watch migrate_pages ",
    "openat mkdirat mknodat fchownat futimesat newfstatat unlinkat renameat linkat ",
    "symlinkat readlinkat fchmodat faccessat pselect6 ppoll unshare set_robust_list ",
    "get_robust_list splice tee sync_file_range vmsplice move_pages utimensat epoll_pwait ",
    "signalfd timerfd_create eventfd fallocate timerfd_settime timerfd_gettime accept4 ",
    "signalfd4 eventfd2 epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev ",
    "rt_tgsigqueueinfo perf_event_open recvmmsg fanotify_init fanotify_mark prlimit64 ",
    "name_to_handle_at open_by_handle_at clock_adjtime syncfs sendmmsg setns getcpu ",
    "process_vm_readv process_vm_writev kcmp finit_module sched_setattr sched_getattr ",
    "renameat2 seccomp getrandom memfd_create kexec_file_load bpf execveat userfaultfd ",
    "membarrier mlock2 copy_file_range preadv2 pwritev2 pkey_mprotect pkey_alloc pkey_free ",
    "statx io_pgetevents rseq - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - ",
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - ",
    "- - - - - - - - - - - - - - - pidfd_send_signal io_uring_setup io_uring_enter ",
    "io_uring_register open_tree move_mount fsopen fsconfig fsmount fspick pidfd_open ",
    "clone3 close_range openat2 pidfd_getfd faccessat2 process_madvise epoll_pwait2 ",
    "mount_setattr quotactl_fd landlock_create_ruleset landlock_add_rule ",
    "landlock_restrict_self memfd_secret process_mrelease futex_waitv ",
    "set_mempolicy_home_node ",
}) do
    for name in string.gmatch(line, "%S+") do NAMES[#NAMES + 1] = name end
end

local function report()
    print(os.date("[%H:%M:%S]"))
    local key = by_process and "PID    COMM" or "SYSCALL"
    if latency then
        print(string.format("%-22s %8s %16s", key, "COUNT", ms and "TIME (ms)" or "TIME (us)"))
    else
        print(string.format("%-22s %8s", key, "COUNT"))
    end
    local rows = map("stats"):items()
    table.sort(rows, function (a, b)
        if latency then return a.value.total_ns > b.value.total_ns end
        return a.value.count > b.value.count
    end)
    for i = 1, math.min(#rows, top) do
        local r = rows[i]
        local name = by_process and string.format("%-6d %-15s", r.key, r.value.comm)
            or (NAMES[r.key + 1] ~= "-" and NAMES[r.key + 1] or ("syscall " .. r.key))
        if latency then
            print(string.format("%-22s %8d %16.3f", name, r.value.count, r.value.total_ns / (ms and 1e6 or 1e3)))
        else
            print(string.format("%-22s %8d", name, r.value.count))
        end
    end
    print("")
    map("stats"):clear()
end

target("syscount")
    add_files("syscount.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, by_process = by_process, latency = latency,
                failures_only = get_config("failures"), filter_errno = get_config("errno") or 0 }
    if not get_config("interval") then on_stop(report) end   -- with an interval, every() prints

entry(function ()
    run("syscount")
    print(string.format("Tracing %ssyscalls, printing top %d... Ctrl+C to quit.",
        get_config("failures") and "failed " or "", top))
    if get_config("interval") then
        every(get_config("interval"), report, get_config("count"))
    end
end)
