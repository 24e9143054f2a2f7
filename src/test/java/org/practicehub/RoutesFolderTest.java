package org.practicehub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub reads its routes from routes/ in the folder it runs from. A routes/ that is a symbolic link (a deployment
 * that keeps them elsewhere) is read through the link; before, Camel found no route in it and the run failed on "No
 * consumers available on endpoint: direct://cycle". A folder without routes stops the start saying so.
 */
class RoutesFolderTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run once(Path workdir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.practicehub.Hub", "--once");
        pb.directory(workdir.toFile());
        pb.environment().put("HUB_DATA_DIR", workdir.resolve("data").toString());
        pb.environment().put("HUB_MAPPINGS_DIR", TestSupport.project("mappings").toString());
        pb.environment().remove("HUB_SMTP_HOST");
        pb.environment().remove("CAMEL_MAIN_ROUTESINCLUDEPATTERN");
        Path out = dir.resolve(workdir.getFileName() + ".out");
        Path err = dir.resolve(workdir.getFileName() + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aSymlinkedRoutesFolderIsReadThroughItsLink() throws Exception {
        Path work = Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(work.resolve("routes"), TestSupport.project("routes"));
        Run r = once(work);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Practice Hub run: 3 sources (0 failed)");
    }

    @Test
    void aFolderWithoutRoutesStopsTheStartSayingWhere() throws Exception {
        Path work = Files.createDirectories(dir.resolve("empty"));
        Run r = once(work);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("practice-hub:"))).singleElement().asString()
                .contains("no routes found at file:routes/*.yaml", work.toString(), "routes/");
    }
}
