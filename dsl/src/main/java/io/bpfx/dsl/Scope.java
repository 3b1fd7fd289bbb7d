package io.bpfx.dsl;

/** The two phases of a script, after xmake. */
enum Scope {
    /** Top level of the file: declares targets, has no side effects, never touches the kernel. */
    DESCRIPTION("description-scope", "call it at the top level of the script, not inside entry() or an on_* callback"),
    /** {@code entry} and the {@code on_*} callbacks: runs with the engine live. */
    SCRIPT("script-scope", "call it inside entry() or an on_* callback");

    private final String label;
    private final String hint;

    Scope(String label, String hint) {
        this.label = label;
        this.hint = hint;
    }

    /** "run() is a script-scope function; call it inside entry() or an on_* callback". */
    String misuse(String function) {
        return function + "() is a " + label + " function; " + hint;
    }
}
