package skybatch.jobs.dashboard;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import skybatch.jobs.dashboard.internal.ExecutionPage;
import skybatch.jobs.dashboard.internal.PageRenderer;
import skybatch.jobs.operations.JobReports;

/**
 * The dashboard's documents: one page as {@code serve} answers it, or every page in one self-contained file for
 * {@code report --html} (the navigation pages, then a section for each of the latest executions).
 */
@Component
public class DashboardDocuments {

    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final List<DashboardPage> pages;
    private final ExecutionPage executionPage;
    private final JobReports reports;
    private final PageRenderer renderer;

    DashboardDocuments(List<DashboardPage> pages, ExecutionPage executionPage, JobReports reports,
            PageRenderer renderer) {
        this.pages = pages.stream().sorted(Comparator.comparingInt(DashboardPage::order)).toList();
        this.executionPage = executionPage;
        this.reports = reports;
        this.renderer = renderer;
    }

    public Optional<DashboardPage> page(String id) {
        return pages.stream().filter(page -> page.id().equals(id)).findFirst();
    }

    public String served(DashboardPage page, Map<String, String> parameters, boolean actions) {
        Links links = Links.served(actions);
        return document(page.title(), links, List.of(section(page, parameters, links)));
    }

    /** @throws IllegalArgumentException when there is no such execution */
    public String servedExecution(long executionId, boolean actions) {
        Links links = Links.served(actions);
        return document("Execution " + executionId, links, List.of(executionSection(executionId, links)));
    }

    /** Every page, and the latest executions each with its own section. */
    public String report(int executions) {
        Links links = Links.file();
        List<PageRenderer.Section> sections = new ArrayList<>();
        for (DashboardPage page : pages) {
            sections.add(section(page, Map.of(), links));
        }
        for (JobReports.ExecutionReport execution : reports.executionsBefore(null, executions)) {
            sections.add(executionSection(execution.executionId(), links));
        }
        return document("skybatch report", links, sections);
    }

    public String contentSecurityPolicy() {
        return renderer.contentSecurityPolicy();
    }

    private PageRenderer.Section section(DashboardPage page, Map<String, String> parameters, Links links) {
        return new PageRenderer.Section(page.id(), renderer.content(page.id(), page.model(parameters), links));
    }

    private PageRenderer.Section executionSection(long executionId, Links links) {
        return new PageRenderer.Section(ExecutionPage.anchor(executionId),
                renderer.content(ExecutionPage.TEMPLATE, executionPage.model(executionId), links));
    }

    private String document(String title, Links links, List<PageRenderer.Section> sections) {
        List<PageRenderer.NavItem> nav = pages.stream()
                .map(page -> new PageRenderer.NavItem(page.title(), links.page(page.id()))).toList();
        return renderer.document(title, nav, sections, links, LocalDateTime.now().format(GENERATED));
    }
}
