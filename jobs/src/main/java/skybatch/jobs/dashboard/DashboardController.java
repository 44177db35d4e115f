package skybatch.jobs.dashboard;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import skybatch.jobs.dashboard.internal.DashboardActions;

/**
 * {@code serve}'s dashboard: {@code GET /} (the overview), {@code /quarantine}, {@code /backfill},
 * {@code /identity}, {@code /executions/<id>}; actions as {@code POST /executions/<id>/(restart|stop|abandon)}
 * and {@code POST /schedules/<name>/(pause|resume|trigger)}, each carrying the token (form field {@code token},
 * or {@code Authorization: Bearer <token>}), refused with 403 without it or when no token is set.
 */
@RestController
class DashboardController {

    private static final MediaType HTML = MediaType.parseMediaType("text/html; charset=utf-8");

    private final DashboardDocuments documents;
    private final DashboardActions actions;

    DashboardController(DashboardDocuments documents, DashboardActions actions) {
        this.documents = documents;
        this.actions = actions;
    }

    @GetMapping("/")
    ResponseEntity<String> overview(@RequestParam Map<String, String> parameters) {
        return page(Links.OVERVIEW, parameters);
    }

    @GetMapping("/{page:[a-z-]+}")
    ResponseEntity<String> page(@PathVariable String page, @RequestParam Map<String, String> parameters) {
        return documents.page(page).map(found -> html(HttpStatus.OK, documents.served(found, parameters,
                actions.enabled()))).orElseGet(() -> text(HttpStatus.NOT_FOUND, "no page " + page));
    }

    @GetMapping("/executions/{id}")
    ResponseEntity<String> execution(@PathVariable long id) {
        return html(HttpStatus.OK, documents.servedExecution(id, actions.enabled()));
    }

    @PostMapping("/executions/{id}/{action}")
    ResponseEntity<String> onExecution(@PathVariable long id, @PathVariable String action,
            @RequestParam(required = false) String token,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) throws Exception {
        actions.authorize(presented(token, authorization));
        return done(actions.onExecution(id, action), "/executions/" + id);
    }

    @PostMapping("/schedules/{name}/{action}")
    ResponseEntity<String> onSchedule(@PathVariable String name, @PathVariable String action,
            @RequestParam(required = false) String token,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        actions.authorize(presented(token, authorization));
        return done(actions.onSchedule(name, action), "/");
    }

    private static String presented(String token, String authorization) {
        if (token != null) {
            return token;
        }
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }

    /** After an action: back to the page it came from, with what was done in plain text for other clients. */
    private static ResponseEntity<String> done(String message, String page) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, page)
                .contentType(MediaType.TEXT_PLAIN).body(message + "\n");
    }

    @ExceptionHandler(DashboardActions.Refused.class)
    ResponseEntity<String> refused(DashboardActions.Refused e) {
        return text(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> notFound(IllegalArgumentException e) {
        return text(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<String> conflict(IllegalStateException e) {
        return text(HttpStatus.CONFLICT, e.getMessage());
    }

    private ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(HTML)
                .header("Content-Security-Policy", documents.contentSecurityPolicy())
                .header("X-Content-Type-Options", "nosniff").body(body);
    }

    /** Messages as plain text, never HTML: they may repeat what the request said. */
    private static ResponseEntity<String> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN)
                .header("X-Content-Type-Options", "nosniff").body(message + "\n");
    }
}
