package io.bpfx.engine;

import io.bpfx.engine.libbpf.ProgHandlers;

import java.util.Optional;

/**
 * Places read from the SEC() names of the handlers ebpf_exporter adds to libbpf
 * ({@link ProgHandlers}): {@code perf_event/type=0,config=3,frequency=99}.
 */
public final class SectionPlaces {
    private SectionPlaces() {
    }

    /** Whether the section is one of ebpf_exporter's handler sections. */
    public static boolean isHandlerSection(String section) {
        return section.startsWith(ProgHandlers.XDP) && section.length() > ProgHandlers.XDP.length()
                || section.startsWith(ProgHandlers.PERF_EVENT) && section.length() > ProgHandlers.PERF_EVENT.length();
    }

    /**
     * {@code perf_event/type=T,config=C[,frequency=F]} on every online CPU, as ebpf_exporter
     * opens it (without a frequency, bpfx samples at {@link AttachPlaces#DEFAULT_FREQUENCY} Hz).
     *
     * @throws BpfxException.BadInput an item that is not type, config or frequency, or not a number
     */
    public static Optional<AttachTarget.PerfEvent> perfEvent(String section) {
        if (!section.startsWith(ProgHandlers.PERF_EVENT)) return Optional.empty();
        Integer type = null;
        long config = 0, frequency = 0;
        for (String item : section.substring(ProgHandlers.PERF_EVENT.length()).split(",")) {
            String[] kv = item.split("=", 2);
            long value;
            try {
                if (kv.length != 2) throw new NumberFormatException();
                value = Long.parseLong(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new BpfxException.BadInput("SEC(\"" + section + "\"): invalid perf_event item \"" + item
                        + "\" (expected type=N, config=N, frequency=N)");
            }
            switch (kv[0].strip()) {
                case "type" -> type = (int) value;
                case "config" -> config = value;
                case "frequency" -> frequency = value;
                default -> throw new BpfxException.BadInput("SEC(\"" + section + "\"): unknown perf_event item \""
                        + item + "\" (expected type, config, frequency)");
            }
        }
        if (type == null) {
            throw new BpfxException.BadInput("SEC(\"" + section + "\"): perf_event needs type=N");
        }
        return Optional.of(new AttachTarget.PerfEvent(PerfEvents.placeOf(type, config), type, config,
                frequency > 0 ? frequency : AttachPlaces.DEFAULT_FREQUENCY, 0, 0, Cpus.online()));
    }
}
