using System.Net;
using Pipeline.ServiceDefaults.Network;

namespace Pipeline.Fetcher.Tests.Polling;

public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", AddressRange.Loopback)]
    [InlineData("127.255.0.9", AddressRange.Loopback)]
    [InlineData("::1", AddressRange.Loopback)]
    [InlineData("10.1.2.3", AddressRange.Private)]
    [InlineData("172.16.0.1", AddressRange.Private)]
    [InlineData("172.31.255.254", AddressRange.Private)]
    [InlineData("192.168.1.1", AddressRange.Private)]
    [InlineData("100.64.0.1", AddressRange.CarrierGradeNat)]
    [InlineData("100.127.255.255", AddressRange.CarrierGradeNat)]
    [InlineData("169.254.10.10", AddressRange.LinkLocal)]
    [InlineData("169.254.169.254", AddressRange.Metadata)]
    [InlineData("fd00:ec2::254", AddressRange.Metadata)]
    [InlineData("fe80::1", AddressRange.LinkLocal)]
    [InlineData("fc00::1", AddressRange.UniqueLocal)]
    [InlineData("fd12:3456::1", AddressRange.UniqueLocal)]
    [InlineData("224.0.0.251", AddressRange.Multicast)]
    [InlineData("ff02::1", AddressRange.Multicast)]
    [InlineData("0.0.0.0", AddressRange.Unspecified)]
    [InlineData("::", AddressRange.Unspecified)]
    [InlineData("255.255.255.255", AddressRange.Reserved)]
    [InlineData("192.0.2.10", AddressRange.Reserved)]
    [InlineData("2001:db8::1", AddressRange.Reserved)]
    [InlineData("::ffff:127.0.0.1", AddressRange.Loopback)]
    [InlineData("::ffff:169.254.169.254", AddressRange.Metadata)]
    [InlineData("64:ff9b::10.0.0.1", AddressRange.Private)]
    [InlineData("93.184.216.34", AddressRange.Public)]
    [InlineData("172.32.0.1", AddressRange.Public)]
    [InlineData("100.128.0.1", AddressRange.Public)]
    [InlineData("2a00:1450:4002:80b::200e", AddressRange.Public)]
    [InlineData("::ffff:151.101.1.69", AddressRange.Public)]
    public void Classify_Address_ReturnsRange(string address, AddressRange expected)
    {
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));
        Assert.Equal(expected == AddressRange.Public, AddressClassifier.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1", SsrfPolicy.PublicOnly, false)]
    [InlineData("127.0.0.1", SsrfPolicy.AllowLoopback, true)]
    [InlineData("::1", SsrfPolicy.AllowLoopback, true)]
    [InlineData("169.254.169.254", SsrfPolicy.AllowLoopback, false)]
    [InlineData("10.0.0.7", SsrfPolicy.AllowLoopback, false)]
    [InlineData("10.0.0.7", SsrfPolicy.AllowPrivate, true)]
    [InlineData("93.184.216.34", SsrfPolicy.PublicOnly, true)]
    public void SsrfGuard_Allowed_FollowsThePolicy(string address, SsrfPolicy policy, bool allowed) =>
        Assert.Equal(allowed, SsrfGuard.Allowed([IPAddress.Parse(address)], policy).Length == 1);
}
