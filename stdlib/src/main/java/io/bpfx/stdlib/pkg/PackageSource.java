package io.bpfx.stdlib.pkg;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.build.BpfCompiler;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Where {@code bpfx install} takes a package from: a file, a tool folder (packed here) or an http(s) URL. */
public final class PackageSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private PackageSource() {}

    /** The package at {@code where}, read (bounded) and checked whole; a folder is packed with {@code compiler}. */
    public static PackageArchive read(String where, String version, BpfCompiler compiler) {
        if (where.startsWith("http://") || where.startsWith("https://")) return PackageArchive.read(download(where), where);
        Path p = Path.of(where);
        if (Files.isDirectory(p)) return Packer.pack(p, version, compiler);
        if (!Files.isRegularFile(p)) throw new BpfxException.NotFound("package " + where + " not found");
        try (InputStream in = Files.newInputStream(p)) {
            return PackageArchive.read(bounded(in, where), where);
        } catch (IOException e) {
            throw new BpfxException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private static byte[] download(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BpfxException.BadInput("package URL " + url + " is not a URL: " + e.getMessage());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build(); // NORMAL: never https -> http
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200) throw new BpfxException.NotFound("package " + url + ": HTTP " + r.statusCode());
                long declared = r.headers().firstValueAsLong("content-length").orElse(-1);
                if (declared > PackageArchive.MAX_PACKAGE) throw EntryPaths.bad(url, "larger than "
                        + (PackageArchive.MAX_PACKAGE >> 20) + " MiB");
                return bounded(body, url);
            }
        } catch (IOException e) {
            throw new BpfxException.NotFound("cannot download " + url + ": " + (e.getMessage() == null ? e : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BpfxException("interrupted while downloading " + url);
        }
    }

    /** At most {@link PackageArchive#MAX_PACKAGE} bytes; more is one line, not memory. */
    private static byte[] bounded(InputStream in, String shown) throws IOException {
        byte[] b = in.readNBytes(PackageArchive.MAX_PACKAGE + 1);
        if (b.length > PackageArchive.MAX_PACKAGE) {
            throw EntryPaths.bad(shown, "larger than " + (PackageArchive.MAX_PACKAGE >> 20) + " MiB");
        }
        return b;
    }
}
