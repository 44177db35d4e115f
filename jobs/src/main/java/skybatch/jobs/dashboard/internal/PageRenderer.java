package skybatch.jobs.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.webjars.WebJarVersionLocator;
import skybatch.jobs.dashboard.Links;

/**
 * Renders the dashboard's Thymeleaf templates ({@code skybatch/dashboard/*.html}; every value escaped unless a
 * template says otherwise) into whole documents with their styles and scripts inline (uPlot from its WebJar, and
 * dashboard.js), so a page needs nothing from anywhere else, served or saved as a file. Its Content-Security-Policy
 * allows exactly those two scripts, by hash: markup that got into a page by mistake could still not run.
 */
@Component
public class PageRenderer {

    private static final String TEMPLATES = "skybatch/dashboard/";
    private static final Formats FORMATS = new Formats();

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final String uplotJs;
    private final String uplotCss;
    private final String dashboardJs;
    private final String dashboardCss;
    private final String contentSecurityPolicy;

    /** A page of a document: its anchor, and its content as rendered from its template. */
    public record Section(String id, String html) {}

    public record NavItem(String title, String href) {}

    PageRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix(TEMPLATES);
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        engine.setTemplateResolver(resolver);
        WebJarVersionLocator webJars = new WebJarVersionLocator();
        uplotJs = resource(webJars.fullPath("uplot", "dist/uPlot.iife.min.js"));
        uplotCss = resource(webJars.fullPath("uplot", "dist/uPlot.min.css"));
        dashboardJs = resource(TEMPLATES + "dashboard.js");
        dashboardCss = resource(TEMPLATES + "dashboard.css");
        contentSecurityPolicy = "default-src 'none'; script-src " + hash(uplotJs) + " " + hash(dashboardJs)
                + "; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'";
    }

    /** The fragment "content" of a page's template. */
    public String content(String template, Map<String, Object> model, Links links) {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put("links", links);
        variables.put("fmt", FORMATS);
        return engine.process(template, Set.of("content"), new Context(Locale.ROOT, variables));
    }

    /** A whole document: navigation, then the sections (one when served; every page in the report file). */
    public String document(String title, List<NavItem> nav, List<Section> sections, Links links, String generated) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("title", title);
        variables.put("nav", nav);
        variables.put("sections", sections);
        variables.put("links", links);
        variables.put("generated", generated);
        variables.put("csp", contentSecurityPolicy);
        variables.put("uplotJs", uplotJs);
        variables.put("uplotCss", uplotCss);
        variables.put("js", dashboardJs);
        variables.put("css", dashboardCss);
        return engine.process("layout", new Context(Locale.ROOT, variables));
    }

    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String resource(String path) {
        try (InputStream in = PageRenderer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
