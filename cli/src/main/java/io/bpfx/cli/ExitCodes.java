package io.bpfx.cli;

/** bpfx's exit codes: a script can tell them apart. */
final class ExitCodes {
    static final int OK = 0, ERROR = 1, USAGE = 2;

    private ExitCodes() {}
}
