/// The revision of the built-in suites' dynamics: the simulator's rules, the scenes and the
/// scripted experts. Demo datasets record it (`DemoParameters.simulatorRevision`), so demos
/// recorded under other dynamics are never reused silently: the default demo folders carry it in
/// their name and an explicit `--data` folder of another revision is refused. Raise it with every
/// change that changes what the experts record (docs/simulator.md, "Revisions").
public enum SimulatorRevision {
    /// 1: demos recorded before revisions were recorded (manifests without the key).
    /// 2: pushes passed on, tipping off edges, turned footprints, calvin-like's shuffled table
    ///    slots, dial-turn's 78.5° turn, On between objects within 3 cm, the memory group.
    public static let current = 2
}
