namespace Pipeline.Normalizer.Tests.Fuzz;

/// <summary>The corpus with its hand-written files (which need the normalizer's format names).</summary>
internal static partial class HostileCorpus
{
    public static IEnumerable<HostileCase> All() => Generated().Concat(Files());

    /// <summary>The hand-written files under <c>Fuzz/Corpus</c>: the class is the folder, the format hint (if any) the file's second extension (<c>name.rss.xml</c>).</summary>
    private static IEnumerable<HostileCase> Files()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Fuzz", "Corpus");
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var parts = name.Split('.');
            var hint = parts.Length >= 3 ? DispatchNormalizer.ResolveFormatName(parts[^2]) : null;
            var klass = Path.GetFileName(Path.GetDirectoryName(file)!);
            yield return new(klass, name, hint, () => TestDispatches.DecodeXml(File.ReadAllBytes(file)));
        }
    }
}
