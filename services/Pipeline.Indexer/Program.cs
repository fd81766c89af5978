// Placeholder entry point while the stage is being built; replaced by the stage's host.
return 0;
