package dev.ftmigrate.cli;

import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Opens a report in real headless Chromium (Debian's {@code chromium}): the DOM it built, and a screenshot. */
final class Chromium {
    private Chromium() {}

    static Path binary() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) return Path.of(c);
        }
        String why = "no chromium (apt-get install chromium; .ci/run installs it)";
        System.err.println("SKIPPED (visible): " + why);
        Assumptions.abort(why);
        return null;
    }

    static String run(Path html, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir="
                        + Files.createTempDirectory("ftm-chromium")));
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri().toString());
        Path out = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        String s = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return s;
    }

    /** The page renders (its DOM has the sections), every in-page link has its target, the plot is drawn. */
    static void verify(Path html, Path screenshot) throws Exception {
        String dom = run(html, "--dump-dom");
        assertTrue(dom.contains("<h1>ftmigrate check"), "rendered DOM:\n" + dom.substring(0, Math.min(500, dom.length())));
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile("\\sid=\"([^\"]+)\"").matcher(dom);
        while (m.find()) ids.add(m.group(1));
        Matcher h = Pattern.compile("href=\"#([^\"]+)\"").matcher(dom);
        int links = 0;
        while (h.find()) {
            links++;
            assertTrue(ids.contains(h.group(1)), "link #" + h.group(1) + " has no target");
        }
        assertTrue(links >= 6, "navigation and finding links: " + links);
        assertTrue(dom.contains("<svg id=\"scaling-plot\""), "the scaling plot");
        assertTrue(dom.contains("class=\"series-ft\"") && dom.contains("class=\"series-gil\""), "both series are drawn");
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        run(html, "--screenshot=" + screenshot.toAbsolutePath(), "--window-size=1280,4200", "--hide-scrollbars");
        BufferedImage img = ImageIO.read(new File(screenshot.toString()));
        assertNotNull(img, "a PNG screenshot");
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) for (int x = 0; x < img.getWidth(); x += 7) colors.add(img.getRGB(x, y));
        assertTrue(colors.size() > 8, "the screenshot shows a rendered page, not a blank one (" + colors.size() + " colours)");
    }
}
