package io.bpfx.cli;

/** bpfx command line entry point. */
public final class Main {
    public static void main(String[] args) {
        System.out.println("bpfx");
    }
}
