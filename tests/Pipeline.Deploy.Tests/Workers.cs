using System.Collections;
using System.Reflection;
using MassTransit;
using Pipeline.Testing;

namespace Pipeline.Deploy.Tests;

/// <summary>
/// What the built worker programs declare, read by reflection from their assemblies (the project references build them
/// first): the queues they consume and the configuration sections they bind.
/// </summary>
internal static class Workers
{
    /// <summary>Deployment name to the project that is its program.</summary>
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pipeline-fetcher"] = "Pipeline.Fetcher",
        ["pipeline-normalizer"] = "Pipeline.Normalizer",
        ["pipeline-enricher"] = "Pipeline.Enricher",
        ["pipeline-indexer"] = "Pipeline.Indexer",
        ["pipeline-notifier"] = "Pipeline.Notifier",
    };

    public static Assembly Load(string project) => Assembly.LoadFrom(RepositoryLayout.BuiltAssembly(project));

    /// <summary>
    /// The queues a worker consumes, named as the service names them: MassTransit's kebab-case name of each consumer
    /// with <c>Messaging:EndpointPrefix</c> (as Pipeline.Messaging configures the formatter), and the fetcher's raw
    /// AMQP intake queue.
    /// </summary>
    public static IReadOnlyList<string> ConsumedQueues(string project, string prefix)
    {
        var assembly = Load(project);
        var formatter = new KebabCaseEndpointNameFormatter(prefix.Length == 0 ? null : prefix, false);
        var consume = typeof(KebabCaseEndpointNameFormatter).GetMethod(nameof(KebabCaseEndpointNameFormatter.Consumer))!;
        var queues = Types(assembly)
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IConsumer).IsAssignableFrom(t))
            .Select(t => (string)consume.MakeGenericMethod(t).Invoke(formatter, null)!)
            .ToList();
        if (assembly.GetType("Pipeline.Fetcher.Amqp.RawIngest") is { } rawIngest)
        {
            queues.Add((string)rawIngest.GetMethod("QueueName")!.Invoke(null, [prefix])!);
        }

        return queues;
    }

    /// <summary>Where a consumed queue's failed messages are parked: MassTransit's and the raw intake's rule alike.</summary>
    public static string ErrorQueue(string queue) => queue + "_error";

    /// <summary>
    /// The options classes a worker can bind: every type with a <c>const string SectionName</c> in its assembly and in
    /// the Pipeline assemblies it references, keyed by that section path (e.g. <c>Enricher:Clustering</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, Type> OptionsSections(string project)
    {
        var assembly = Load(project);
        var assemblies = new[] { assembly }.Concat(assembly.GetReferencedAssemblies()
            .Where(name => name.Name?.StartsWith("Pipeline.", StringComparison.Ordinal) == true)
            .Select(name => LoadReference(assembly, name)));
        return assemblies.SelectMany(Types)
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether the environment variable <paramref name="name"/> (<c>Section__Key__…</c>) sets a property of one of
    /// <paramref name="sections"/>: the longest section path it starts with, then one property per segment (an index
    /// or a key for lists and dictionaries), ending on a value the binder can set.
    /// </summary>
    public static bool Binds(IReadOnlyDictionary<string, Type> sections, string name)
    {
        var segments = name.Split("__");
        for (var length = segments.Length - 1; length >= 1; length--)
        {
            if (sections.TryGetValue(string.Join(':', segments.AsSpan(0, length)), out var type) && Walk(type, segments.AsSpan(length)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Walk(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return IsValue(type) || ElementType(type) is { } element && IsValue(element);
        }

        if (IsValue(type))
        {
            return false;
        }

        if (DictionaryValueType(type) is { } value)
        {
            return Walk(value, path[1..]);
        }

        if (ElementType(type) is { } item)
        {
            return int.TryParse(path[0], out _) && Walk(item, path[1..]);
        }

        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && Walk(property.PropertyType, path[1..]);
    }

    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
            || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[^1]
        : null;

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ? type.GetGenericArguments()[^1]
            : null;

    /// <summary>A referenced assembly: the one this process already has, else the copy beside the worker.</summary>
    private static Assembly LoadReference(Assembly worker, AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            return Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(worker.Location)!, name.Name + ".dll"));
        }
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
