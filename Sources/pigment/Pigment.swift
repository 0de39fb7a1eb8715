import ArgumentParser

@main
struct Pigment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pigment",
        abstract: "Builds and serves the Pigment Studio site.",
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self, ReleaseCommand.self, ConsentServerCommand.self, ConsentCommand.self]
    )
}
