package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;

/**
 * A uprobe place as written, before any file is looked at:
 * {@code symbol}, {@code binary:symbol}, {@code binary:symbol+OFF} or
 * {@code binary:ADDR}. OFF and ADDR are hex ({@code 0x..}) or decimal; a symbol
 * may carry a version ({@code memcpy@GLIBC_2.2.5}). The binary part ends at the
 * first ':', as in libbpf's SEC("uprobe/binary:function").
 *
 * @param binary  the binary part, null for a bare symbol or address
 * @param symbol  the symbol, null for an address place
 * @param offset  bytes past the symbol's start ({@code +OFF}), 0 when absent
 * @param address the virtual address of an address place (meaningful when symbol is null)
 */
public record UprobePlace(String binary, String symbol, long offset, long address) {

    public boolean isAddress() {
        return symbol == null;
    }

    public static UprobePlace parse(String place) {
        if (place == null || place.isBlank()) throw new BpfxException.BadInput("empty uprobe place");
        String text = place.trim();
        String binary = null;
        String rest = text;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            binary = text.substring(0, colon);
            rest = text.substring(colon + 1);
            if (binary.isEmpty()) throw bad(place, "nothing before ':'");
            if (rest.isEmpty()) throw bad(place, "no symbol or address after ':'");
            if (rest.indexOf(':') >= 0) {
                throw bad(place, "too many ':' (a USDT place binary:provider:name is not a uprobe place)");
            }
        }
        if (Character.isDigit(rest.charAt(0))) {
            return new UprobePlace(binary, null, 0, number(place, rest, "address"));
        }
        long offset = 0;
        String symbol = rest;
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            symbol = rest.substring(0, plus);
            offset = number(place, rest.substring(plus + 1), "offset");
        }
        if (symbol.isEmpty()) throw bad(place, "no symbol before '+'");
        for (int i = 0; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            if (Character.isWhitespace(c) || c == '+' || c == '(' || c == ')') {
                throw bad(place, "'" + c + "' cannot appear in a symbol name");
            }
        }
        return new UprobePlace(binary, symbol, offset, 0);
    }

    private static long number(String place, String text, String what) {
        try {
            String t = text.trim();
            if (t.startsWith("0x") || t.startsWith("0X")) return Long.parseUnsignedLong(t.substring(2), 16);
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw bad(place, what + " \"" + text + "\" is not a hex (0x..) or decimal number");
        }
    }

    private static BpfxException.BadInput bad(String place, String why) {
        return new BpfxException.BadInput("bad uprobe place \"" + place + "\": " + why);
    }
}
