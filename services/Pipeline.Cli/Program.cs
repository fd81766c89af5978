using Pipeline.Cli;

return await PipelineCli.InvokeAsync(args, CliConsole.System);
