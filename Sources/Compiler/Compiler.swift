// Compiler: component lowering -> Graph IR, autodiff, passes, Program.
