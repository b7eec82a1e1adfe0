import ArgumentParser

/// `polspec render`: look at and time the bench's software renderer.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the sample tabletop scene to PNG, or time the rasteriser.",
        discussion: """
            Conventions (cameras, K, extrinsics, image layout): docs/rendering.md.

            Examples:
              polspec render sample --out scene.png --camera both --layers rgb,depth,segmentation
              polspec render sample --out episode.png --frames 48 --fps 12
              polspec render scene --suite libero-like/goal --out goal.png
              polspec render speed
            """,
        subcommands: [RenderSampleCommand.self, RenderSceneCommand.self, RenderSpeedCommand.self]
    )
}
