// SpecLang: YAML spec -> typed Spec with source locations, schema registry, diagnostics.
