package skybatch.jobs.cli;

import picocli.CommandLine.Option;

/** Where a long-running command ({@code serve}, {@code worker}) answers HTTP: {@code --port} and {@code --bind}. */
final class HttpAddress {

    @Option(names = "--port", defaultValue = "${sys:skybatch.http.port:-${env:SKYBATCH_HTTP_PORT:-8080}}",
            description = "HTTP port (SKYBATCH_HTTP_PORT; default 8080; 0: any free port)")
    int port;

    @Option(names = "--bind", defaultValue = "${sys:skybatch.http.bind:-${env:SKYBATCH_HTTP_BIND:-127.0.0.1}}",
            paramLabel = "<address>", description = "HTTP bind address (SKYBATCH_HTTP_BIND; default 127.0.0.1)")
    String bind;
}
