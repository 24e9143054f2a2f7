package org.practicehub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.practicehub.i18n.Messages;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** The one Thymeleaf set-up of the member pages and the console: templates/*.html from the classpath, HTML mode, cached. */
final class Templates {

    private Templates() {}

    static TemplateEngine engine() {
        return engine(Messages.member());
    }

    /** The engine, its {@code #{key}} texts from these bundles (the console's templates use none). */
    static TemplateEngine engine(Messages messages) {
        ClassLoaderTemplateResolver r = new ClassLoaderTemplateResolver(Templates.class.getClassLoader());
        r.setPrefix("templates/");
        r.setSuffix(".html");
        r.setTemplateMode(TemplateMode.HTML);
        r.setCharacterEncoding("UTF-8");
        r.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(r);
        engine.setMessageResolver(new BundleMessages(messages));
        return engine;
    }

    /** A text resource shipped in the jar (a stylesheet), read once at start. */
    static String resource(String path) {
        try (InputStream in = Templates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
