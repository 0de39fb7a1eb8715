import ArgumentParser

@main
struct Pigment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pigment",
        abstract: "Builds and serves the Pigment Studio site.",
        discussion: "Exit statuses: 0 success, 1 errors in the content (or the consent log), 64 a usage error, 70 an internal failure.",
        version: PigmentVersion.description,
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self, ReleaseCommand.self, ConsentServerCommand.self, ConsentCommand.self]
    )

    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error) // usage errors 64, --help and --version 0
        }
        await ExitStatus.run(&command)
    }
}
