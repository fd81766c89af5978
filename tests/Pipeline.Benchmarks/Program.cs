using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Pipeline.Benchmarks.NormalizerBenchmarks).Assembly).Run(args);
