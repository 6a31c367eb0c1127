using System.Net.Mail;
using FluentValidation;
using GameHost.Domain.Common;
using GameHost.Domain.Support;
using GameHost.Domain.Support.UseCases;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Support.Admin;

/// <summary>A department as the editor fills it in: price in major units, hours as minutes of the day, days as a set.</summary>
public sealed class DepartmentEditorModel
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? Email { get; set; }

    public bool IsActive { get; set; } = true;

    public IReadOnlyCollection<DayOfWeek> Days { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public int OpensAtMinute { get; set; } = 9 * 60;

    public int ClosesAtMinute { get; set; } = 18 * 60;

    public string TimeZoneId { get; set; } = "UTC";

    public IReadOnlyCollection<Guid> MemberIds { get; set; } = [];

    public PaidSupportMode PaidMode { get; set; }

    public decimal Price { get; set; }

    public string Currency { get; set; } = "USD";

    public int IncidentsPerPack { get; set; } = 5;

    /// <summary>False: the site's default auto-close applies.</summary>
    public bool OwnAutoClose { get; set; }

    public int AutoCloseAfterDays { get; set; } = 7;

    public int AutoCloseWarningDays { get; set; } = 2;

    public static DepartmentEditorModel From(DepartmentForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var currency = GameHost.Domain.Common.Currency.TryFromCode(form.PriceCurrency, out var c) ? c : GameHost.Domain.Common.Currency.USD;
        return new DepartmentEditorModel
        {
            Name = form.Name,
            Description = form.Description,
            Email = form.Email,
            IsActive = form.IsActive,
            Days = Enum.GetValues<DayOfWeek>().Where(d => (form.BusinessDays & (1 << (int)d)) != 0).ToList(),
            OpensAtMinute = form.OpensAtMinute,
            ClosesAtMinute = form.ClosesAtMinute,
            TimeZoneId = form.TimeZoneId,
            MemberIds = form.MemberIds.ToList(),
            PaidMode = form.PaidMode,
            Price = new Money(form.PriceMinor, currency).ToMajor(),
            Currency = currency.Code,
            IncidentsPerPack = form.IncidentsPerPack > 0 ? form.IncidentsPerPack : 5,
            OwnAutoClose = form.AutoCloseAfterDays is not null,
            AutoCloseAfterDays = form.AutoCloseAfterDays ?? 7,
            AutoCloseWarningDays = form.AutoCloseWarningDays ?? 2,
        };
    }

    public int DaysMask => Days.Aggregate(0, (mask, day) => mask | (1 << (int)day));

    /// <summary>The price in minor units, or null when it does not fit the currency's digits.</summary>
    public long? PriceMinor =>
        GameHost.Domain.Common.Currency.TryFromCode(Currency, out var currency) && Price >= 0 && Price <= 1_000_000_000m
        && decimal.Round(Price, currency.MinorDigits) == Price
            ? Money.FromMajor(Price, currency, MidpointRounding.AwayFromZero).Minor
            : null;

    public DepartmentForm ToForm() => new(
        Name.Trim(),
        string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        string.IsNullOrWhiteSpace(Email) ? null : Email.Trim(),
        IsActive,
        DaysMask,
        OpensAtMinute,
        ClosesAtMinute,
        TimeZoneId,
        PaidMode,
        PaidMode == PaidSupportMode.Free ? 0 : PriceMinor ?? -1,
        Currency,
        PaidMode == PaidSupportMode.IncidentPack ? IncidentsPerPack : 0,
        MemberIds.ToList(),
        OwnAutoClose ? AutoCloseAfterDays : null,
        OwnAutoClose && AutoCloseAfterDays > 0 ? AutoCloseWarningDays : null);
}

public sealed class DepartmentEditorModelValidator : AbstractValidator<DepartmentEditorModel>
{
    public DepartmentEditorModelValidator(IStringLocalizer<SupportText> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        RuleFor(m => m.Name).Must(n => (n ?? "").Trim().Length is > 0 and <= SupportDepartment.MaxNameLength)
            .WithMessage(_ => localizer["Validation.DepartmentName", SupportDepartment.MaxNameLength]);
        RuleFor(m => m.Description).MaximumLength(500).WithMessage(_ => localizer["Validation.DescriptionLength", 500]);
        RuleFor(m => m.Email).Must(e => string.IsNullOrWhiteSpace(e) || IsAddress(e.Trim()))
            .WithMessage(_ => localizer["Error_support.email_invalid"]);
        RuleFor(m => m.Days).Must(d => d.Count > 0).WithMessage(_ => localizer["Validation.Days"]);
        RuleFor(m => m.ClosesAtMinute).Must((m, closes) => closes > m.OpensAtMinute && closes <= 24 * 60 && m.OpensAtMinute >= 0)
            .WithMessage(_ => localizer["Validation.ClosesAfterOpens"]);
        RuleFor(m => m.TimeZoneId).Must(z => !string.IsNullOrWhiteSpace(z) && TimeZoneInfo.TryFindSystemTimeZoneById(z, out _))
            .WithMessage(_ => localizer["Validation.TimeZone"]);
        RuleFor(m => m.Price).Must((m, _) => m.PriceMinor is > 0).When(m => m.PaidMode != PaidSupportMode.Free)
            .WithMessage(_ => localizer["Validation.Price"]);
        RuleFor(m => m.Currency).Must(c => Currency.IsKnown(c)).When(m => m.PaidMode != PaidSupportMode.Free)
            .WithMessage(_ => localizer["Validation.Currency"]);
        RuleFor(m => m.IncidentsPerPack).InclusiveBetween(1, 1000).When(m => m.PaidMode == PaidSupportMode.IncidentPack)
            .WithMessage(_ => localizer["Validation.IncidentsPerPack"]);
        RuleFor(m => m.AutoCloseAfterDays).InclusiveBetween(0, SupportSetup.MaxAutoCloseDays).When(m => m.OwnAutoClose)
            .WithMessage(_ => localizer["Validation.AutoCloseDays", SupportSetup.MaxAutoCloseDays]);
        RuleFor(m => m.AutoCloseWarningDays).Must((m, warning) => warning >= 0 && warning <= m.AutoCloseAfterDays)
            .When(m => m.OwnAutoClose && m.AutoCloseAfterDays > 0)
            .WithMessage(_ => localizer["Validation.WarningDays"]);
    }

    private static bool IsAddress(string email) => email.Length <= 256 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;
}

/// <summary>One priority's row in the SLA grid; zero minutes for both targets means no policy.</summary>
public sealed class SlaPolicyRow
{
    public TicketPriority Priority { get; set; }

    public int FirstResponseMinutes { get; set; }

    public int ResolutionMinutes { get; set; }

    public bool NotifyOnBreach { get; set; } = true;

    public bool RaisePriorityOnBreach { get; set; }

    public Guid? ReassignToUserId { get; set; }

    public bool IsEmpty => FirstResponseMinutes == 0 && ResolutionMinutes == 0;

    /// <summary>A row per priority, filled from the policies that exist.</summary>
    public static List<SlaPolicyRow> For(IReadOnlyList<SlaPolicyForm> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return Enum.GetValues<TicketPriority>().Select(priority => policies.FirstOrDefault(p => p.Priority == priority) is { } p
            ? new SlaPolicyRow
            {
                Priority = priority, FirstResponseMinutes = p.FirstResponseMinutes, ResolutionMinutes = p.ResolutionMinutes,
                NotifyOnBreach = p.NotifyOnBreach, RaisePriorityOnBreach = p.RaisePriorityOnBreach, ReassignToUserId = p.ReassignToUserId,
            }
            : new SlaPolicyRow { Priority = priority }).ToList();
    }

    public SlaPolicyForm ToForm() => new(Priority, FirstResponseMinutes, ResolutionMinutes, NotifyOnBreach, RaisePriorityOnBreach, ReassignToUserId);
}

public sealed class SlaPolicyRowValidator : AbstractValidator<SlaPolicyRow>
{
    public SlaPolicyRowValidator(IStringLocalizer<SupportText> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        RuleFor(r => r.FirstResponseMinutes).InclusiveBetween(0, SupportSetup.MaxTargetMinutes).WithMessage(_ => localizer["Validation.Minutes"]);
        RuleFor(r => r.ResolutionMinutes).InclusiveBetween(0, SupportSetup.MaxTargetMinutes).WithMessage(_ => localizer["Validation.Minutes"]);
        RuleFor(r => r.ResolutionMinutes).Must((r, resolution) => resolution == 0 || r.FirstResponseMinutes <= resolution)
            .WithMessage(_ => localizer["Validation.ResolutionAfterFirst"]);
    }
}

/// <summary>A canned reply as the editor fills it in.</summary>
public sealed class CannedReplyEditorModel
{
    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public CannedReplyScope Scope { get; set; }

    public Guid? DepartmentId { get; set; }

    public CannedReplyForm ToForm(int? expectedVersion) => new(Title.Trim(), Body.Trim(), Scope, Scope == CannedReplyScope.Department ? DepartmentId : null, expectedVersion);
}

public sealed class CannedReplyEditorModelValidator : AbstractValidator<CannedReplyEditorModel>
{
    public CannedReplyEditorModelValidator(IStringLocalizer<SupportText> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        RuleFor(m => m.Title).Must(t => (t ?? "").Trim().Length is > 0 and <= CannedReply.MaxTitleLength)
            .WithMessage(_ => localizer["Validation.CannedTitle", CannedReply.MaxTitleLength]);
        RuleFor(m => m.Body).Must(b => (b ?? "").Trim().Length is > 0 and <= CannedReply.MaxBodyLength)
            .WithMessage(_ => localizer["Validation.CannedBody", CannedReply.MaxBodyLength]);
        RuleFor(m => m.Body).Must(b => CannedReplies.Preview(b, new Dictionary<string, string?>()).IsSuccess)
            .WithMessage(_ => localizer["Error_support.placeholder_unknown"]);
        RuleFor(m => m.DepartmentId).NotNull().When(m => m.Scope == CannedReplyScope.Department)
            .WithMessage(_ => localizer["Error_support.department_unknown"]);
    }
}
