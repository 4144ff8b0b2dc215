using Appliance.Ingest;

namespace Appliance.Tests.Ingest;

public class LeadColumnsTests
{
    [Fact]
    public void Map_FindsFieldsByFlexibleNames()
    {
        var columns = LeadColumns.Map(["Company Name", "Web Site", "First Name", "last_name", "E-mail", "Job Title", "City"]);

        Assert.Equal(1, columns[LeadField.Url]);
        Assert.Equal(0, columns[LeadField.Company]);
        Assert.Equal(2, columns[LeadField.FirstName]);
        Assert.Equal(3, columns[LeadField.LastName]);
        Assert.Equal(4, columns[LeadField.Email]);
        Assert.Equal(5, columns[LeadField.JobTitle]);
        Assert.Equal(-1, columns[LeadField.Phone]);
        Assert.Equal([(6, "City")], columns.Extras);
    }

    [Fact]
    public void Map_PrefersWebsiteOverDomain()
    {
        var columns = LeadColumns.Map(["domain", "website"]);

        Assert.Equal(1, columns[LeadField.Url]);
        Assert.Equal([(0, "domain")], columns.Extras);
    }

    [Fact]
    public void Map_DuplicateHeader_FirstWinsAndTheOtherIsKeptAsExtra()
    {
        var columns = LeadColumns.Map(["url", "company", "url"]);

        Assert.Equal(0, columns[LeadField.Url]);
        Assert.Equal([(2, "url")], columns.Extras);
    }

    [Fact]
    public void Map_ConfiguredColumnOverridesTheGuess()
    {
        var columns = LeadColumns.Map(["website", "Homepage of record"], new Dictionary<string, string> { ["Url"] = "Homepage of record" });

        Assert.Equal(1, columns[LeadField.Url]);
    }

    [Fact]
    public void Map_WithoutUrlColumn_RefusesTheFileNamingTheHeader()
    {
        var e = Assert.Throws<LeadFileException>(() => LeadColumns.Map(["company", "email"]));

        Assert.Contains("no URL column", e.Message);
        Assert.Contains("company,email", e.Message);
    }

    [Fact]
    public void Map_ConfiguredColumnMissing_SaysWhichKey()
    {
        var e = Assert.Throws<LeadFileException>(() => LeadColumns.Map(["website"], new Dictionary<string, string> { ["Company"] = "Firm" }));

        Assert.Contains("Ingest:Columns:Company", e.Message);
    }
}
