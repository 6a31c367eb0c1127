using System.Text.Json;
using GameHost.App.Features.Provisioning.Pterodactyl;

namespace GameHost.Tests.App.Features.Provisioning.Pterodactyl;

/// <summary>The tolerant readers for the shapes the panel is known to vary (pitfall 18).</summary>
public class PanelJsonTests
{
    [Theory]
    [InlineData("[]", 3, 3)]
    [InlineData("{\"next\":\"https://panel.example.com/api/application/nodes/3/allocations?page=2\"}", 1, 3)]
    public void Pages_LinksAsArrayOrObject_ReadsThePageNumbers(string links, int current, int total)
    {
        using var document = JsonDocument.Parse(
            $"{{\"object\":\"list\",\"data\":[],\"meta\":{{\"pagination\":{{\"total\":12,\"count\":5,\"per_page\":5,\"current_page\":{current},\"total_pages\":{total},\"links\":{links}}}}}}}");

        Assert.Equal((current, total), PanelJson.Pages(document.RootElement));
    }

    [Fact]
    public void Pages_ListWithoutMeta_IsOnePage()
    {
        using var document = JsonDocument.Parse("{\"object\":\"list\",\"data\":[]}");

        Assert.Equal((1, 1), PanelJson.Pages(document.RootElement));
    }

    [Theory]
    [InlineData("2025-03-14T09:18:42+00:00")]
    [InlineData("2025-03-14T09:18:42.000000Z")]
    public void Timestamp_BothPanelFormats_ReadTheSameInstant(string text)
    {
        using var document = JsonDocument.Parse($"{{\"created_at\":\"{text}\"}}");

        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 18, 42, TimeSpan.Zero), PanelJson.Timestamp(document.RootElement, "created_at"));
    }

    [Fact]
    public void User_DigitLedTwoFactorKey_IsRead()
    {
        using var document = JsonDocument.Parse(
            "{\"id\":12,\"external_id\":null,\"uuid\":\"u\",\"username\":\"a\",\"email\":\"a@b.c\",\"first_name\":\"A\",\"last_name\":\"B\",\"language\":\"en\",\"2fa\":true}");

        Assert.True(PanelJson.User(document.RootElement).TwoFactorEnabled);
    }

    [Fact]
    public void Server_RelationshipsInsideAttributesAndNullResource_AreToleratedAndPrimaryMatchedById()
    {
        using var document = JsonDocument.Parse("""
            {"id":57,"uuid":"9f0b5c1e-4a3d","identifier":"9f0b5c1e","name":"n","description":"","status":null,"user":12,"node":3,
             "allocation":104,"nest":1,"egg":3,
             "limits":{"memory":4096,"swap":0,"disk":20480,"io":500,"cpu":200,"threads":null,"oom_disabled":true},
             "feature_limits":{"databases":2,"allocations":3,"backups":null},
             "container":{"startup_command":"s","image":"i","installed":1,"environment":{"A":"x","P_SERVER_ALLOCATION_LIMIT":3,"FLAG":true,"NOTHING":null}},
             "relationships":{"allocations":{"object":"list","data":[
                {"object":"allocation","attributes":{"id":106,"ip":"203.0.113.10","alias":null,"port":25570,"notes":null,"assigned":true}},
                {"object":"allocation","attributes":{"id":104,"ip":"203.0.113.10","alias":"play.example.com","port":25568,"notes":null,"assigned":true}}]},
              "user":{"object":"null_resource","attributes":null}}}
            """);

        var server = PanelJson.Server(document.RootElement);

        Assert.Equal("play.example.com:25568", server.PrimaryAllocation?.Address);
        Assert.Equal(("3", "1", ""), (server.Environment["P_SERVER_ALLOCATION_LIMIT"], server.Environment["FLAG"], server.Environment["NOTHING"]));
        Assert.Equal(0, server.FeatureLimits.Backups);
    }

    [Fact]
    public void Number_NumericStringLikeSumMemory_IsRead()
    {
        using var document = JsonDocument.Parse("{\"sum_memory\":\"12288\"}");

        Assert.Equal(12288, PanelJson.Number(document.RootElement, "sum_memory"));
    }
}
