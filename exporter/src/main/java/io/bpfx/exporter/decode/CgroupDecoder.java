package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/**
 * {@code cgroup}: decimal text (from a preceding {@code uint}) holding a cgroup v2
 * id, to the cgroup's path ({@code /sys/fs/cgroup/system.slice/foo.service}) or
 * {@code unknown_cgroup_id:<id>}.
 */
public final class CgroupDecoder implements Decoder {

    private final CgroupPaths paths;

    public CgroupDecoder(CgroupPaths paths) {
        this.paths = paths;
    }

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        long id = Bytes.decimalInput(in, "cgroup");
        String path = paths.resolve(id);
        return Bytes.ascii(path != null ? path : "unknown_cgroup_id:" + Long.toUnsignedString(id));
    }
}
