using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Testing;

/// <summary>The real HTTP servers tests stand up (feeds, an OTLP receiver): Kestrel on a free loopback port, no logging.</summary>
public static class LoopbackWebApplication
{
    /// <summary>A slim web application listening on <c>http://127.0.0.1:0</c> (its address is in <c>Urls</c> once started).</summary>
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}
