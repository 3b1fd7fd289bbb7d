package io.bpfx.exporter.http;

import java.util.List;

/**
 * What {@code /} shows: a title and what is being exported (configs, scripts,
 * probes), with links to the metrics and, in debug mode, the raw maps.
 */
public record LandingPage(String title, List<Target> targets) {

    /** One exported thing: a config or script name and a short description (attached probes, maps). */
    public record Target(String name, String description) {
    }

    public LandingPage {
        targets = List.copyOf(targets);
    }

    /** The page as HTML. */
    public String html(String metricsPath, boolean mapsLink) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title></head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
        sb.append("<ul>\n<li><a href=\"").append(escape(metricsPath)).append("\">Metrics</a></li>\n");
        if (mapsLink) {
            sb.append("<li><a href=\"/maps\">Maps (debug)</a></li>\n");
        }
        sb.append("</ul>\n<h2>Targets</h2>\n");
        if (targets.isEmpty()) {
            sb.append("<p>Nothing is being exported.</p>\n");
        } else {
            sb.append("<table>\n<tr><th>Name</th><th>Description</th></tr>\n");
            for (Target t : targets) {
                sb.append("<tr><td>").append(escape(t.name())).append("</td><td>").append(escape(t.description()))
                        .append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
