package io.bpfx.engine.libbpf;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The few libc calls the engine needs beyond libbpf (mmap'ed buffers, epoll, perf_event_open). */
public interface LibC extends Library {
    LibC INSTANCE = Jna.load("c", LibC.class);

    int PROT_READ = 1, PROT_WRITE = 2;
    int MAP_SHARED = 1;
    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2;
    int EPOLLIN = 1;
    long SYS_perf_event_open = 298; // x86_64
    int PERF_FLAG_FD_CLOEXEC = 8;
    int PERF_EVENT_IOC_ENABLE = 0x2400, PERF_EVENT_IOC_DISABLE = 0x2401;
    int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);
    int munmap(Pointer addr, long length);
    int close(int fd);
    int open(String path, int flags);
    int epoll_create1(int flags);
    int epoll_ctl(int epfd, int op, int fd, Pointer event);
    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeout);
    int eventfd(int initval, int flags);
    long write(int fd, Pointer buf, long count);
    long read(int fd, Pointer buf, long count);
    long syscall(long number, Object... args);
    int ioctl(int fd, long request, long arg);
    int vsnprintf(byte[] buf, long size, Pointer format, Pointer vaList);
    int mount(String source, String target, String fstype, long flags, Pointer data);
    String strerror(int errnum);
    int if_nametoindex(String ifname);
}
