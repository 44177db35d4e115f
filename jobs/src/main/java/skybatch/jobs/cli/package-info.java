/**
 * The command line, with picocli: {@link skybatch.jobs.cli.SkybatchCli} parses the arguments first and starts the
 * Spring context only for a command that needs it, so {@code --help} and usage errors answer at once.
 */
package skybatch.jobs.cli;
