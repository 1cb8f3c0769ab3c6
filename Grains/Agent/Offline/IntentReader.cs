using System.Globalization;
using System.Text.RegularExpressions;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Agent.Offline;

/// <summary>
/// Reads what a message asks for, as the plans the chat client then carries out: the intent rules (the verbs, the
/// references, the fields), built on the lexicon's normalised text and the date parser. Pure: no grain, no clock but
/// the one it is given.
/// </summary>
internal static partial class IntentReader
{
    private static readonly string[] ClearRecurrence = ["recurrence"];

    /// <summary>
    /// The requests in a message. It is split at "and", "then", ";" or a full stop only where what follows starts
    /// with a verb, is a request understood alone, and so is what comes before ("add salt and pepper" stays one
    /// task, "tag it" continues the same request).
    /// </summary>
    internal static IReadOnlyList<Plan> Requests(string message, DateTime now)
    {
        foreach (Match separator in RequestSeparator().Matches(message))
        {
            if (Normalizer.InsideQuotes(message, separator.Index))
            {
                continue;
            }

            var first = message[..separator.Index];
            var second = message[(separator.Index + separator.Length)..];
            var (before, after) = (Understand(first, now), Understand(second, now));
            // After an added task, only a listing or another added task is a request of its own: "add fix the
            // door and remove the old lock" is one task, not an addition and a deletion.
            if (before.Tool is not null && after.Tool is not null &&
                (before.Tool != "add_task" || after.Tool is "add_task" or "list_tasks" or "search_tasks"))
            {
                return [before, .. Requests(second, now)];
            }
        }

        return [Understand(message, now)];
    }

    internal static Plan Understand(string message, DateTime now)
    {
        var text = Normalizer.Normalize(Squash(message), Lexicon.Default);
        var lower = text.ToLowerInvariant();
        if (lower.Length == 0 || Greeting().IsMatch(lower))
        {
            return Plan.Answer("Hi! I manage your todo list. " + OfflineInterpreter.Examples);
        }

        if (Injection().IsMatch(lower))
        {
            return Plan.Answer("I can't do that: I only manage your todo list, and I follow my own rules. " + OfflineInterpreter.Examples);
        }

        if (OtherPeople().IsMatch(lower))
        {
            return Plan.Answer("I can only see and change your own tasks.");
        }

        // "movie night friday" is a task with a date, not a question about films.
        if (OffTopic().IsMatch(lower) && !AddVerb().IsMatch(text) && new WhenParser(now).TakeWhen(new Phrase(text)) is null)
        {
            return Plan.Answer("Sorry, that's outside what I can help with: I only manage your todo list. " + OfflineInterpreter.Examples);
        }

        var when = new WhenParser(now);
        if (DescribedMove().Match(text) is { Success: true } described)
        {
            return MoveDescribed(described, when);
        }

        if (BulkMove().Match(text) is { Success: true } bulk)
        {
            return Reschedule(new Phrase(text[(bulk.Index + bulk.Length)..]), when);
        }

        if ((Chained(text, when) ?? Update(text, when)) is { } update)
        {
            return update;
        }

        if (DeleteVerb().Match(text) is { Success: true } delete)
        {
            return Delete(text[(delete.Index + delete.Length)..].Trim());
        }

        if (ReopenVerb().Match(text) is { Success: true } reopen)
        {
            return Target(new Plan("reopen") { Tool = "reopen_task", IncludeCompleted = true }, reopen.Groups["ref"].Value);
        }

        if (CompleteVerb().Match(text) is { Success: true } complete)
        {
            if (AllTasks().IsMatch(complete.Groups["ref"].Value.ToLowerInvariant().Trim(' ', '.', '!')))
            {
                return Plan.Answer("I complete tasks one at a time, so nothing was changed. Say which, e.g. \"complete task 3\", or \"show my tasks\" to see them.");
            }

            return Target(new Plan("complete") { Tool = "complete_task" }, complete.Groups["ref"].Value);
        }

        if (Search().Match(text) is { Success: true } search)
        {
            var topic = Normalizer.SearchTopic(search.Groups["q"].Value, Lexicon.Default);
            return new Plan("search") { Tool = "search_tasks", Args = { ["query"] = topic }, ListingHeading = $" about \"{topic}\"" };
        }

        if (FinishedQuestion().Match(text) is { Success: true } finished)
        {
            return Finished(finished.Groups["when"].Value.ToLowerInvariant(), DateOnly.FromDateTime(now));
        }

        if (ListVerb().IsMatch(text))
        {
            return List(new Phrase(text), when);
        }

        var add = AddVerb().Match(text);
        var probe = new Phrase(text);
        var looksLikeTask = add.Success || new WhenParser(now).TakeRecurrence(probe) is not null || new WhenParser(now).TakeWhen(probe) is not null;
        if (!looksLikeTask || lower.EndsWith('?'))
        {
            return Plan.Answer("Sorry, I didn't understand that. " + OfflineInterpreter.Examples);
        }

        var rest = add.Success ? text[(add.Index + add.Length)..] : text;
        // "called:" means what follows is the title as typed, as if quoted.
        var called = add.Success && CalledColon().IsMatch(add.Value + (rest.TrimStart().StartsWith(':') ? ":" : ""));
        return Add(called ? $"\"{rest.TrimStart(' ', ':').Trim()}\"" : rest, add.Groups["remind"].Success, when);
    }

    private static Plan Add(string rest, bool remindMe, WhenParser when)
    {
        // Quoted words are the title exactly as typed: "urgent" there is not a priority, "friday" not a due.
        string? verbatim = null;
        TextSpan? verbatimSpan = null;
        if (QuotedTitle().Match(rest) is { Success: true } quoted && quoted.Value[1..^1].Trim().Length > 0)
        {
            verbatim = quoted.Value[1..^1].Trim();
            verbatimSpan = new TextSpan(quoted.Index, quoted.Length, "title");
            // Blanked in place rather than cut, so the other parts' spans still point into the text as typed.
            rest = rest[..quoted.Index] + new string(' ', quoted.Length) + rest[(quoted.Index + quoted.Length)..];
        }

        var phrase = new Phrase(rest);
        var args = new Dictionary<string, object?>();
        phrase.Marking = "reminder";
        var remindBefore = WhenParser.TakeReminderBefore(phrase);
        var remindAtWords = remindBefore is null ? WhenParser.TakeReminderAt(phrase) : null;
        phrase.Marking = "recurrence";
        var rule = when.TakeRecurrence(phrase);
        phrase.Marking = "tag";
        var tags = TakeTags(phrase);
        phrase.Marking = "priority";
        var priority = TakePriority(phrase);
        phrase.Marking = "due";
        When? due;
        if (rule is not null)
        {
            if (DateWords().IsMatch(phrase.Text))
            {
                phrase.Take(StartingWord());
                due = when.TakeWhen(phrase);
            }
            else
            {
                due = null;
            }

            var timeOfDay = due?.Time ?? RecurringTime(phrase);
            due ??= FirstOccurrence(rule, timeOfDay, when.Now);
        }
        else
        {
            due = when.TakeWhen(phrase);
        }

        if (when.SawPast && due is not null)
        {
            return Plan.Answer($"{due.Date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}{(due.Time is { } t ? " " + t.ToString("HH:mm", CultureInfo.InvariantCulture) : "")} has already passed, so I didn't add it. Which date do you mean?");
        }

        var remindAt = remindAtWords is null ? null : when.ResolveReminderAt(remindAtWords, due);
        var title = verbatim ?? phrase.Remainder(TitleFiller());
        if (title.Length == 0)
        {
            return Plan.Answer("What should the task be called? For example: \"add buy milk tomorrow\".");
        }

        args["title"] = title;
        if (priority is not null)
        {
            args["priority"] = priority;
        }

        if (tags.Count > 0)
        {
            args["tags"] = tags.ToArray();
        }

        if (due is not null)
        {
            args["due"] = due.Format();
        }

        if (rule is not null)
        {
            args["recurrence"] = rule;
        }

        if (remindBefore is not null && due is not null)
        {
            args["remind_before"] = remindBefore;
        }
        else if (remindAt is not null)
        {
            args["remind_at"] = remindAt.Format();
        }
        else if (remindMe && due is not null)
        {
            // "Remind me to ..." with a due: remind at the due time (or the default reminder time of that day).
            args["remind_before"] = "PT0M";
        }

        phrase.Marking = "other";
        return new Plan("add") { Tool = "add_task", Args = args, Spans = [.. phrase.Cuts, .. verbatimSpan is null ? [] : new[] { verbatimSpan }] };
    }

    /// <summary>
    /// A task's text read the way the chat reads "add …" (no verb needed): the fields, and which words of the text
    /// gave each one. The board's quick add shows this before the person presses Enter.
    /// </summary>
    internal static Plan ReadTask(string text, DateTime now) => Add(text, remindMe: false, new WhenParser(now));

    private static TimeOnly? RecurringTime(Phrase phrase)
    {
        var time = WhenParser.TakeTime(phrase, out var bare);
        // "every monday at 9" means 09:00; "every day at 6" more likely 18:00 than 06:00 only when said so.
        return time is { } t && bare && t.Hour is >= 1 and <= 6 ? t.AddHours(12) : time;
    }

    private static When? FirstOccurrence(string rule, TimeOnly? timeOfDay, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        var anchor = new TaskDue(today, timeOfDay);
        var after = timeOfDay is null ? today.AddDays(-1).ToDateTime(TimeOnly.MinValue) : now;
        return Tasks.RecurrenceRules.NextAfter(rule, anchor, after) is { } first ? new When(first.Date, first.Time) : null;
    }

    private static Plan Reschedule(Phrase phrase, WhenParser when)
    {
        var args = new Dictionary<string, object?>();
        // The destination first ("… to tomorrow"), so that its day is not read as which tasks to move.
        When? destination = null;
        if (Destination().Match(phrase.Text) is { Success: true } sendTo)
        {
            var rest = new Phrase(sendTo.Groups["when"].Value);
            if (when.TakeWhen(rest) is { } target && rest.Text.Trim().Length == 0)
            {
                (destination, phrase) = (target, new Phrase(phrase.Text[..sendTo.Index]));
            }
        }

        var tags = TakeTags(phrase);
        if (phrase.Take(TagOfTasks()) is { } tagged)
        {
            tags.Add(tagged.Groups["t"].Value.ToLowerInvariant());
        }

        if (tags.Count > 0)
        {
            args["tags"] = tags.ToArray();
        }

        if (TakePriority(phrase) is { } priority)
        {
            args["priority"] = new[] { priority };
        }

        var (from, to, overdue) = when.TakeWindow(phrase);
        if (overdue)
        {
            args["overdue"] = true;
        }

        if (from is not null)
        {
            args["due_from"] = from.Format();
            args["due_to"] = to!.Format();
        }

        if (WhenParser.TakeShift(phrase) is { } shift)
        {
            args["shift"] = shift;
        }
        else if ((destination ?? (phrase.Take(ToTarget()) is not null ? when.TakeWhen(phrase) : null)) is { } target)
        {
            if (from is not null && from.Date == when.Today && to!.Date == when.Today && target.Date == when.Today.AddDays(1) && target.Time is null)
            {
                args["shift"] = "P1D";
            }
            else
            {
                args["new_due"] = target.Format();
            }
        }
        else
        {
            return Plan.Answer("Where should they go? For example: \"push everything due today to tomorrow\" or \"postpone everything tagged work by a week\".");
        }

        return new Plan("reschedule") { Tool = "reschedule_tasks", Args = args };
    }

    private static Plan Delete(string target)
    {
        var lower = target.ToLowerInvariant().Trim(' ', '.', '!');
        if (AllTasks().IsMatch(lower))
        {
            return new Plan("delete") { Tool = "delete_task", Args = { ["all"] = true } };
        }

        if (AllCompleted().IsMatch(lower))
        {
            return new Plan("delete") { Tool = "delete_task", Args = { ["all"] = true, ["status"] = "completed" } };
        }

        if (TaskNumbers().Match(lower) is { Success: true } numbers)
        {
            var ids = Regex.Matches(numbers.Groups["ids"].Value, @"\d+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).Distinct().ToArray();
            return new Plan("delete") { Tool = "delete_task", Args = { ["task_ids"] = ids } };
        }

        var plan = new Plan("delete") { Tool = "delete_task" };
        return Target(plan with { Many = Plural().IsMatch(lower) }, target);
    }

    private static Plan Target(Plan plan, string reference)
    {
        var cleaned = RefFiller().Replace(reference, " ").Trim(' ', '.', '!', '?', ',', '"', '\'');
        if (cleaned.Length == 0)
        {
            return Plan.Answer($"Which task should I {plan.Verb}? Say its number (\"task 3\") or part of its title.");
        }

        if (TaskMatcher.IdOf(cleaned) is { } id)
        {
            var args = new Dictionary<string, object?>(plan.Args) { ["task_id"] = id };
            return plan with { Args = args };
        }

        return plan with { Reference = cleaned };
    }

    // "tag the car one as errands and make it high priority", "move the dentist to friday and make it urgent": one
    // task, several changes, each clause read alone ("it" stands for the first clause's task) and made one update.
    private static Plan? Chained(string text, WhenParser when)
    {
        var clauses = ThenIt().Split(text).Where(c => c.Trim().Length > 0).ToList();
        if (clauses.Count < 2 || Update(clauses[0].Trim(), when) is not { Tool: "update_task" } first)
        {
            return null;
        }

        var args = new Dictionary<string, object?>(first.Args);
        foreach (var clause in clauses.Skip(1))
        {
            // The clause with "it" named as task 0, so that it reads as an update of some task; its changes are kept.
            var alone = Update(ItWord().Replace(clause.Trim(), "task 0", 1), when);
            if (alone is not { Tool: "update_task" } || alone.Reply is not null)
            {
                return null;
            }

            foreach (var (key, value) in alone.Args.Where(a => a.Key != "task_id"))
            {
                args[key] = key is "add_tags" or "remove_tags" && args.TryGetValue(key, out var had) && had is string[] earlier && value is string[] more
                    ? earlier.Concat(more).Distinct().ToArray()
                    : value;
            }
        }

        return first with { Verb = "update", Args = args };
    }

    private static Plan? Update(string text, WhenParser when)
    {
        if (Rename().Match(text) is { Success: true } rename)
        {
            return Target(new Plan("rename") { Tool = "update_task", Args = { ["title"] = rename.Groups["title"].Value.Trim(' ', '.', '"', '\'') } }, rename.Groups["ref"].Value);
        }

        if (Describe().Match(text) is { Success: true } describe)
        {
            return Target(new Plan("update") { Tool = "update_task", Args = { ["description"] = describe.Groups["d"].Value.Trim(' ', '.', '"', '\'') } }, describe.Groups["ref"].Value);
        }

        if (PriorityOf().Match(text) is { Success: true } priorityOf)
        {
            return Target(new Plan("update") { Tool = "update_task", Args = { ["priority"] = PriorityWord(priorityOf.Groups["p"].Value) } }, priorityOf.Groups["ref"].Value);
        }

        if (MakePriority().Match(text) is { Success: true } make)
        {
            return Target(new Plan("update") { Tool = "update_task", Args = { ["priority"] = PriorityWord(make.Groups["p"].Value) } }, make.Groups["ref"].Value);
        }

        if (TagWith().Match(text) is { Success: true } tagWith)
        {
            return Target(new Plan("tag") { Tool = "update_task", Args = { ["add_tags"] = SplitTags(tagWith.Groups["tags"].Value) } }, tagWith.Groups["ref"].Value);
        }

        if (AddTagTo().Match(text) is { Success: true } addTag)
        {
            return Target(new Plan("tag") { Tool = "update_task", Args = { ["add_tags"] = SplitTags(addTag.Groups["tags"].Value) } }, addTag.Groups["ref"].Value);
        }

        if (RemoveTagFrom().Match(text) is { Success: true } removeTag)
        {
            return Target(new Plan("untag") { Tool = "update_task", Args = { ["remove_tags"] = SplitTags(removeTag.Groups["tags"].Value) } }, removeTag.Groups["ref"].Value);
        }

        // Ending a series keeps it and sets where it stops: "stop repeating the gym task after June".
        if (RepeatUntil().Match(text) is { Success: true } untilMatch)
        {
            return when.LastDayOfSpan(untilMatch.Groups["until"].Value) is { } last
                ? Target(new Plan("update") { Tool = "update_task", Args = { ["repeat_until"] = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } }, untilMatch.Groups["ref"].Value)
                : Plan.Answer($"Until when should it repeat? For example: \"stop repeating {untilMatch.Groups["ref"].Value.Trim()} after June\".");
        }

        if (RepeatTimes().Match(text) is { Success: true } timesMatch && WhenParser.CountOf(timesMatch.Groups["n"].Value) is { } times)
        {
            return times < 1
                ? Target(new Plan("update") { Tool = "update_task", Args = { ["clear"] = ClearRecurrence } }, timesMatch.Groups["ref"].Value)
                : Target(new Plan("update") { Tool = "update_task", Args = { ["repeat_times"] = times } }, timesMatch.Groups["ref"].Value);
        }

        // "remove the due date from task 7", "clear the reminder on task 2": that field goes, the task stays.
        if (ClearField().Match(text) is { Success: true } clearField)
        {
            var field = clearField.Groups["field"].Value.ToLowerInvariant() switch
            {
                "reminder" or "alarm" or "reminders" => "reminder",
                "description" or "note" or "notes" => "description",
                "repeat" or "recurrence" or "repetition" => "recurrence",
                _ => "due",
            };
            return Target(new Plan("update") { Tool = "update_task", Args = { ["clear"] = new[] { field } } }, clearField.Groups["ref"].Value);
        }

        if (StopRepeating().Match(text) is { Success: true } stop)
        {
            return Target(new Plan("update") { Tool = "update_task", Args = { ["clear"] = ClearRecurrence } }, stop.Groups["ref"].Value);
        }

        if (MakeRepeat().Match(text) is { Success: true } repeat)
        {
            var rule = when.TakeRecurrence(new Phrase("every " + repeat.Groups["rule"].Value.Trim()));
            return rule is null
                ? Plan.Answer("I didn't understand how it should repeat. For example: \"make task 3 repeat every monday\".")
                : Target(new Plan("update") { Tool = "update_task", Args = { ["recurrence"] = rule } }, repeat.Groups["ref"].Value);
        }

        if (RemindAbout().Match(text) is { Success: true } remind)
        {
            var reminderPhrase = new Phrase("remind me " + remind.Groups["rem"].Value);
            var before = WhenParser.TakeReminderBefore(reminderPhrase);
            var at = before is null && WhenParser.TakeReminderAt(reminderPhrase) is { } words ? when.ResolveReminderAt(words, null) : null;
            var args = new Dictionary<string, object?>();
            if (before is not null)
            {
                args["remind_before"] = before;
            }
            else if (at is not null)
            {
                args["remind_at"] = at.Format();
            }
            else
            {
                return Plan.Answer("When should I remind you? For example: \"remind me about task 3 15 minutes before\".");
            }

            return Target(new Plan("update") { Tool = "update_task", Args = args }, remind.Groups["ref"].Value);
        }

        if (MoveTo().Match(text) is { Success: true } move)
        {
            var target = new Phrase(move.Groups["when"].Value);
            if (when.TakeWhen(target) is not { } due)
            {
                return null;
            }

            if (when.SawPast)
            {
                return Plan.Answer("That date has already passed, so I didn't move it. Which date do you mean?");
            }

            // "move the team meeting to 3pm": a time alone keeps the task's own day.
            var keepDay = TimeAlone().IsMatch(move.Groups["when"].Value.Trim()) ? due.Time : null;
            return Target(new Plan("move") { Tool = "update_task", Args = { ["due"] = due.Format() }, KeepDayAt = keepDay }, move.Groups["ref"].Value);
        }

        return null;
    }

    // "move this morning's meetings to 3pm", "push my afternoon calls to tomorrow": every pending task of that part of
    // that day whose title matches, moved together (a time moves them to it, a date keeps each one's time).
    private static Plan MoveDescribed(Match described, WhenParser when)
    {
        var day = described.Groups["day"].Value.StartsWith("tomorrow", StringComparison.OrdinalIgnoreCase) ? when.Today.AddDays(1) : when.Today;
        var part = described.Groups["part"].Value.ToLowerInvariant();
        var target = when.TakeWhen(new Phrase(described.Groups["when"].Value));
        if (target is null || when.SawPast)
        {
            return Plan.Answer("Where should they go? For example: \"move this morning's meetings to 3pm\".");
        }

        return new Plan("move")
        {
            Tool = "reschedule_tasks",
            Args = { ["new_due"] = target.Format() },
            Reference = $"{(part == "tonight" ? "evening" : part)} {described.Groups["what"].Value}",
            Many = true,
            OnDay = day,
        };
    }

    // "What did I finish today / this week / last week": what was completed in that window of the past.
    private static Plan Finished(string when, DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        (DateOnly From, DateOnly To)? window = when switch
        {
            "today" => (today, today),
            "yesterday" => (today.AddDays(-1), today.AddDays(-1)),
            "this week" => (monday, today),
            "last week" => (monday.AddDays(-7), monday.AddDays(-1)),
            "this month" => (new DateOnly(today.Year, today.Month, 1), today),
            _ => null,
        };
        var args = new Dictionary<string, object?> { ["status"] = "completed", ["sort"] = "created", ["order"] = "desc" };
        var heading = " completed";
        if (window is { } w)
        {
            args["completed_from"] = w.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            args["completed_to"] = w.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            heading += " " + when;
        }

        return new Plan("list") { Tool = "list_tasks", Args = args, ListingHeading = heading };
    }

    private static Plan List(Phrase phrase, WhenParser when)
    {
        var args = new Dictionary<string, object?>();
        var heading = new List<string>();
        if (phrase.Take(CompletedWord()) is not null)
        {
            args["status"] = "completed";
            heading.Add("completed");
        }
        else if (phrase.Take(AllWord()) is not null)
        {
            args["status"] = "all";
        }

        var (from, to, overdue) = when.TakeWindow(phrase);
        if (overdue)
        {
            args["overdue"] = true;
            heading.Add("overdue");
        }
        else if (from is not null)
        {
            args["due_from"] = from.Format();
            args["due_to"] = to!.Format();
            heading.Add("due " + (from.Date == to.Date ? from.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture) : $"{from.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)} to {to.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)}"));
        }

        if (phrase.Take(SortBy()) is { } sort)
        {
            var key = sort.Groups["key"].Value.ToLowerInvariant();
            args["sort"] = key.StartsWith("prio", StringComparison.Ordinal) ? "priority" : key.StartsWith("title", StringComparison.Ordinal) || key.StartsWith("name", StringComparison.Ordinal) || key.StartsWith("alpha", StringComparison.Ordinal) ? "title"
                : key.StartsWith("creat", StringComparison.Ordinal) || key.StartsWith("new", StringComparison.Ordinal) || key.StartsWith("old", StringComparison.Ordinal) ? "created" : "due";
            if (key.StartsWith("new", StringComparison.Ordinal))
            {
                args["order"] = "desc";
            }
        }

        if (TakePriority(phrase) is { } priority)
        {
            args["priority"] = new[] { priority };
            heading.Add($"{priority} priority");
        }

        var tags = TakeTags(phrase);
        // "show my work tasks": the word before "tasks" names a tag (only after my, the or all, never the verb).
        if (TagOfTasks().Match(phrase.Text) is { Success: true } named && !named.Value.TrimStart().StartsWith(named.Groups["t"].Value, StringComparison.Ordinal))
        {
            phrase.Take(TagOfTasks());
            tags.Add(named.Groups["t"].Value.ToLowerInvariant());
        }
        if (tags.Count > 0)
        {
            args["tags"] = tags.ToArray();
            heading.Add("tagged " + string.Join(", ", tags.Select(t => "#" + t)));
        }

        var aheadFromToday = from is not null && from.Date == when.Today && !args.ContainsKey("status");
        return new Plan("list") { Tool = "list_tasks", Args = args, AlsoOverdue = aheadFromToday, ListingHeading = heading.Count == 0 ? "" : " (" + string.Join(", ", heading) + ")" };
    }

    private static List<string> TakeTags(Phrase phrase)
    {
        var tags = new List<string>();
        while (phrase.Take(HashTag()) is { } hash)
        {
            tags.Add(hash.Groups["t"].Value.ToLowerInvariant());
        }

        // "tag travel, tag work": every tag clause, not only the first.
        while (phrase.Take(TaggedWords()) is { } tagged)
        {
            tags.AddRange(SplitTags(tagged.Groups["tags"].Value));
        }

        return tags.Distinct().ToList();
    }

    private static string[] SplitTags(string text) =>
        Regex.Split(text, @"\s*(?:,|\band\b|&|\s)\s*").Select(t => t.Trim(' ', '#', '.', '"', '\'').ToLowerInvariant()).Where(t => t.Length > 0 && t is not ("it" or "as" or "too" or "also" or "please")).Distinct().ToArray();

    private static string? TakePriority(Phrase phrase)
    {
        if (phrase.Take(PriorityWords()) is not { } match)
        {
            return null;
        }

        return PriorityWord(match.Groups["p"].Success ? match.Groups["p"].Value : match.Value);
    }

    private static string PriorityWord(string word) => word.ToLowerInvariant().Trim() switch
    {
        "high" or "top" or "urgent" or "important" or "p1" or "highest" or "critical" => "high",
        "medium" or "normal" or "p2" or "mid" => "medium",
        "low" or "p3" or "lowest" or "minor" => "low",
        "none" or "no" => "none",
        var w when w.Contains("urgent", StringComparison.Ordinal) || w.Contains("important", StringComparison.Ordinal) || w.Contains("high", StringComparison.Ordinal) || w.Contains("p1", StringComparison.Ordinal) => "high",
        var w when w.Contains("low", StringComparison.Ordinal) || w.Contains("p3", StringComparison.Ordinal) => "low",
        _ => "medium",
    };

    private static string Squash(string text) => Regex.Replace(text ?? "", @"\s+", " ").Trim();

    [GeneratedRegex(@"^(?:hi|hello|hey|help|hiya|good (?:morning|afternoon|evening)|what can you do\??|how do(?:es)? (?:this|you) work\??)[!.]?$")]
    private static partial Regex Greeting();

    [GeneratedRegex(@"ignore (?:all |any |the |your )?(?:previous|prior|above|earlier|former) (?:instructions|prompts|rules|messages)|disregard (?:your|all|the|previous)|system prompt|you are now|pretend (?:to be|you are)|jailbreak|developer mode|act as (?:an? )?(?:admin|root|different)|reveal your (?:instructions|prompt)")]
    private static partial Regex Injection();

    [GeneratedRegex(@"\b(?:other|another|all|every(?:one|body)'?s?|someone else'?s?)\s+(?:users?|people|persons?|accounts?)\b|\buser\s+\S+'s\b|\b(?:of|for|from)\s+(?:user|account)\s+\S+|\b[a-z]+'s\s+(?:tasks|list|todos)\b(?<!\bmy\b.*)")]
    private static partial Regex OtherPeople();

    [GeneratedRegex(@"\b(?:weather|joke|news|stock|capital of|president|recipe|football|soccer|movie|song|poem|translate|who (?:is|was|are)|how (?:old|tall|far)|meaning of life|bitcoin|calculate|what time is it)\b")]
    private static partial Regex OffTopic();

    [GeneratedRegex(@"^(?:please\s+|can you\s+|could you\s+)?(?:push|move|postpone|shift|reschedule|bump|delay|defer)\s+(?:everything|all\s+(?:of\s+)?(?:my\s+)?(?:tasks|todos|things)?|all|my\s+tasks|tasks\s+(?=due|tagged|that))", RegexOptions.IgnoreCase)]
    private static partial Regex BulkMove();

    [GeneratedRegex(@"^(?:please\s+|can you\s+|could you\s+)?(?:delete|remove|erase|cancel|drop|trash|get\s+rid\s+of|clear(?:\s+out)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DeleteVerb();

    [GeneratedRegex(@"^(?:please\s+)?(?:undo\s+(?:the\s+)?(?:complete|completion|completing|done|tick)\s+(?:on|of|for)\s+(?<ref>.+)|(?:re-?open|undo|uncheck|unmark|restore)\s+(?<ref>.+)|mark\s+(?<ref>.+?)\s+(?:as\s+)?(?:not\s+done|undone|incomplete|not\s+complete|pending|open))$", RegexOptions.IgnoreCase)]
    private static partial Regex ReopenVerb();

    [GeneratedRegex(@"^(?:please\s+)?(?:(?:complete|finish|check\s+off|tick\s+off|cross\s+off|close)\s+(?<ref>.+)|mark\s+(?<ref>.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)|(?:i(?:'ve|\s+have)?\s+)?(?:finished|completed|did|done(?:\s+with)?)\s+(?<ref>.+)|(?<ref>.+?)\s+(?:is\s+|are\s+)?(?:done|finished|complete))$", RegexOptions.IgnoreCase)]
    private static partial Regex CompleteVerb();

    [GeneratedRegex(@"^(?:please\s+)?(?:rename\s+(?<ref>.+?)\s+(?:to|as)\s+(?<title>.+)|change\s+the\s+(?:title|name)\s+of\s+(?<ref>.+?)\s+to\s+(?<title>.+))$", RegexOptions.IgnoreCase)]
    private static partial Regex Rename();

    [GeneratedRegex(@"^(?:please\s+)?(?:set|change|update|add)\s+(?:the|a)\s+(?:description|notes?)\s+(?:of|for|on|to)\s+(?<ref>.+?)(?:\s+to|\s*:)\s+(?<d>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Describe();

    [GeneratedRegex(@"^(?:please\s+)?(?:set|change|update)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(?<ref>.+?)\s+to\s+(?<p>\w+)$", RegexOptions.IgnoreCase)]
    private static partial Regex PriorityOf();

    [GeneratedRegex(@"^(?:please\s+)?(?:make|mark|set)\s+(?<ref>.+?)\s+(?:as\s+)?(?<p>high|low|medium|normal|urgent|important|top)(?:\s+priority)?$|^(?:please\s+)?prioriti[sz]e\s+(?<ref>.+?)(?<p>)$", RegexOptions.IgnoreCase)]
    private static partial Regex MakePriority();

    [GeneratedRegex(@"^(?:please\s+)?tag\s+(?<ref>.+?)\s+(?:with|as)\s+(?<tags>.+)$|^(?:please\s+)?tag\s+(?<ref>it|them|task\s+\d+)\s+(?<tags>(?!with\b|as\b)[\p{L}\p{N}_-]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TagWith();

    [GeneratedRegex(@"^(?:please\s+)?add\s+(?:the\s+)?tags?\s+(?<tags>.+?)\s+to\s+(?<ref>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex AddTagTo();

    [GeneratedRegex(@"^(?:please\s+)?(?:(?:remove|delete|drop)\s+(?:the\s+)?tags?\s+(?<tags>.+?)\s+from\s+(?<ref>.+)|(?:remove|delete|drop)\s+(?:the\s+)?(?<tags>#?[\p{L}\p{N}_-]+)\s+tag\s+(?:from|on|of)\s+(?<ref>.+)|untag\s+(?<ref>.+?)\s+(?<tags>#?\w+))$", RegexOptions.IgnoreCase)]
    private static partial Regex RemoveTagFrom();

    [GeneratedRegex(@"^(?:please\s+)?(?:stop\s+repeating|don'?t\s+repeat|no\s+longer\s+repeat)\s+(?<ref>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex StopRepeating();

    [GeneratedRegex(@"^(?:please\s+)?make\s+(?<ref>.+?)\s+(?:repeat|recur)\s+(?:every\s+)?(?<rule>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex MakeRepeat();

    [GeneratedRegex(@"^(?:please\s+)?(?:remind\s+me\s+(?:about|of)|(?:add|set|create|put)\s+a\s+reminder\s+(?:to|for|on))\s+(?<ref>.+?)\s+(?<rem>(?:at|on|tomorrow|today|in)\b.*|(?:\d+|an?|one|two|three|half|fifteen|thirty)\s+(?:an\s+)?(?:minutes?|mins?|hours?|hrs?|days?)\b.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex RemindAbout();

    [GeneratedRegex(@"^(?:please\s+)?(?:move|reschedule|postpone|push|change\s+the\s+due\s+date\s+of|set\s+the\s+due\s+date\s+of|set\s+the\s+date\s+of)\s+(?<ref>.+?)\s+(?:to|until|till)\s+(?<when>.+)$|^(?:please\s+)?(?:set|make)\s+(?<ref>.+?)\s+due\s+(?:on\s+|at\s+|for\s+|by\s+)?(?<when>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex MoveTo();

    [GeneratedRegex(@"^(?:please\s+)?(?:is\s+there\s+|do\s+i\s+have\s+)?(?:anything|something|an?\s+tasks?|any\s+tasks?)\s+(?:about|on|regarding|related\s+to|mentioning|with)\s+(?<q>.+)$|^(?:please\s+)?(?:search|look)\s+(?:up\s+|for\s+|(?:my\s+)?tasks\s+for\s+)?(?<q>.+)$|^(?:please\s+)?find\s+(?:my\s+)?(?:tasks?\s+)?(?:about|with|containing|mentioning)\s+(?<q>.+)$|^(?:please\s+)?find\s+(?<q>(?:anything|something|stuff|things)\s+.+|[\p{L}\p{N}-]+)$|^(?:show|list)\s+(?:me\s+)?(?:my\s+)?tasks\s+(?:about|containing|mentioning)\s+(?<q>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Search();

    [GeneratedRegex(@"^(?:please\s+|can\s+you\s+)?(?:list|show|display|what(?:'s|s|\s+is|\s+are)?|which|any|do\s+i\s+have|give\s+me|get|tell\s+me|view|see|my\s+(?:tasks|todos|list))\b", RegexOptions.IgnoreCase)]
    private static partial Regex ListVerb();

    [GeneratedRegex(@"^(?:please\s+)?(?:(?<remind>remind\s+me\s+to)|(?:add|create|make|put|schedule|set\s+up|note(?:\s+down)?|remember|new)(?:\s+(?:a|an|new|the))?(?:\s+(?:task|todo|to-do|item|reminder|entry))?(?:\s*(?:to|called|named|:))?|(?:task|todo|to-do)\s*:|i\s+(?:need|have|want|must|should)\s+to|don'?t\s+(?:let\s+me\s+)?forget\s+to)\b\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AddVerb();

    // A date said alongside a repetition ("every monday starting tomorrow", "monthly from March 3") anchors it.
    [GeneratedRegex(@"\b(?:\d{4}-\d{2}-\d{2}|today|tomorrow|tonight|next\s+week|starting|from|beginning|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateWords();

    [GeneratedRegex(@"^(?:what|which(?:\s+tasks?)?|show(?:\s+me)?\s+what|list\s+what|tell\s+me\s+what)\s+(?:did|have|had)\s+i\s+(?:finish(?:ed)?|complete(?:d)?|do(?:ne)?|get\s+done|got\s+done|tick(?:ed)?\s+off|check(?:ed)?\s+off|accomplish(?:ed)?)(?:\s+(?<when>today|yesterday|this\s+week|last\s+week|this\s+month|so\s+far))?\s*[?.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex FinishedQuestion();

    [GeneratedRegex(@"^(?:please\s+)?(?:stop\s+repeating|stop|end|don'?t\s+repeat|no\s+longer\s+repeat)\s+(?<ref>.+?)\s+(?:after|past|at\s+the\s+end\s+of|beyond)\s+(?<until>.+)$|^(?:please\s+)?(?:repeat|keep\s+repeating)\s+(?<ref>.+?)\s+(?:only\s+)?(?:until|till|through)\s+(?<until>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RepeatUntil();

    [GeneratedRegex(@"^(?<ref>.+?)\s+should\s+only\s+(?:happen|repeat|occur|recur|run|come\s+up)\s+(?<n>\w+)\s+more\s+times?$|^(?:please\s+)?(?:only\s+)?repeat\s+(?<ref>.+?)\s+(?:only\s+)?(?<n>\w+)\s+more\s+times?$", RegexOptions.IgnoreCase)]
    private static partial Regex RepeatTimes();

    [GeneratedRegex(@"^(?:please\s+)?(?:move|push|shift|reschedule|postpone|bump|delay)\s+(?:all\s+)?(?:of\s+)?(?:my\s+|the\s+)?(?:(?<day>this|today'?s|tomorrow'?s|tomorrow)\s+)?(?<part>morning|afternoon|evening|tonight)(?:'s)?\s+(?<what>[\p{L}-]+s)\s+(?:to|until|till)\s+(?<when>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DescribedMove();

    [GeneratedRegex(@"^(?:please\s+)?(?:remove|clear|delete|drop|unset|take\s+off|get\s+rid\s+of)\s+(?:the\s+)?(?<field>due\s+date|due|deadline|date|reminders?|alarm|description|notes?|repeat|recurrence|repetition)\s+(?:from|on|of|for|in)\s+(?<ref>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ClearField();

    // Where a second change of the same task begins: ", and make it", "and set it", "then move it".
    [GeneratedRegex(@"\s*,?\s+(?:and|then|and then)\s+(?=(?:make|mark|set|move|push|tag|rename|change|give|put)\s+it\b)", RegexOptions.IgnoreCase)]
    private static partial Regex ThenIt();

    // A time with no day: "3pm", "at 11", "noon".
    [GeneratedRegex(@"^(?:at\s+)?(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midday|midnight)$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeAlone();

    // "tasks 5 and 6", "tasks 2, 3 and 4".
    [GeneratedRegex(@"^tasks?\s+(?:#)?(?<ids>\d+(?:\s*(?:,|and|&|\+)\s*#?\d+)+)$")]
    private static partial Regex TaskNumbers();

    // Where a bulk move sends the tasks: the last "to …" of the message.
    [GeneratedRegex(@"\s+(?:to|until|till)\s+(?<when>[^,]+?)\s*[.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Destination();

    // "my work tasks": a word naming the tasks by their tag (not by priority, status or when).
    [GeneratedRegex(@"(?:\b(?:my|the|all)\s+|^\s*)(?!(?:high|low|medium|top|urgent|important|overdue|late|completed|done|finished|pending|open|other|new|old|own|current|the|my|all|these|those|your|today'?s|tomorrow'?s)\b)(?<t>[a-z][a-z0-9_-]+)\s+(?:tasks|todos|items)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TagOfTasks();

    // Between two requests: "and", "then", ";" or a full stop, before a verb that starts a request of its own.
    [GeneratedRegex(@"\s*(?:[,;.]\s*(?:and\s+|then\s+|and then\s+)?|\s+(?:and then|and|then)\s+)(?=(?:show|list|display|what's|what is|what do|add|create|remind me|complete|delete|remove)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex RequestSeparator();

    [GeneratedRegex(@"\bit\b", RegexOptions.IgnoreCase)]
    private static partial Regex ItWord();

    [GeneratedRegex(Normalizer.QuotedPattern)]
    private static partial Regex QuotedTitle();

    [GeneratedRegex(@"\b(?:called|named)\s*:+\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CalledColon();

    [GeneratedRegex(@"\b(?:please|for me|(?:to|on) (?:my|the) (?:shopping |grocery |todo |to-do )?(?:list|todos?|tasks)|we have|we've got|i have|i've got|there is|there's|a task to|my task)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TitleFiller();

    [GeneratedRegex(@"\b(?:please|the|my|one|ones|task|item|entry|todo|again|as well|too|from (?:my )?list)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RefFiller();

    [GeneratedRegex(@"^(?:all|everything|every task|all (?:of )?(?:my )?(?:tasks|todos)|all of them|(?:my|the) (?:whole|entire) (?:list|todo list)|my (?:list|tasks|todos)|all my tasks)$")]
    private static partial Regex AllTasks();

    [GeneratedRegex(@"^(?:all\s+)?(?:(?:the|my)\s+)?(?:completed|done|finished)(?:\s+(?:tasks|todos|ones|items))?$")]
    private static partial Regex AllCompleted();

    [GeneratedRegex(@"\b(?:all|[a-z]{3,}s)$|\b(?:all|both|every)\b")]
    private static partial Regex Plural();

    [GeneratedRegex(@"\bto\b", RegexOptions.IgnoreCase)]
    private static partial Regex ToTarget();

    [GeneratedRegex(@"\b(?:starting|from|beginning)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StartingWord();

    [GeneratedRegex(@"\b(?:completed|done|finished)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CompletedWord();

    [GeneratedRegex(@"\b(?:all\s+(?:of\s+)?(?:my\s+)?tasks|everything)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AllWord();

    [GeneratedRegex(@"\b(?:sorted|sort|ordered|order)\s+by\s+(?<key>due\s+date|due|priority|title|name|created|creation(?:\s+date)?|date\s+added|newest|oldest|alphabetically)\b|\b(?<key>newest|oldest)\s+first\b", RegexOptions.IgnoreCase)]
    private static partial Regex SortBy();

    [GeneratedRegex(@"(?:^|\s)#(?<t>[\p{L}\p{N}][\p{L}\p{N}_-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex HashTag();

    [GeneratedRegex(@"\b(?:tag(?:ged)?|tags)\s*(?::|it\s+|them\s+)?(?:as\s+|with\s+)?(?<tags>(?!(?:tag|tags|tagged)\b)[\p{L}\p{N}_-]+(?:\s*(?:,|and|&)\s*(?!(?:tag|tags|tagged)\b)[\p{L}\p{N}_-]+)*)", RegexOptions.IgnoreCase)]
    private static partial Regex TaggedWords();

    [GeneratedRegex(@"\b(?:(?:with\s+|at\s+|,\s*)?(?<p>high|top|low|medium|normal)\s+priority|priority\s*(?::|of)?\s*(?<p>high|low|medium|normal|\d)|(?<p>urgent|important)(?:\s+stuff)?|(?<p>p[123]))\b|(?<=\s)!(?<p>high|medium|low)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriorityWords();
}
