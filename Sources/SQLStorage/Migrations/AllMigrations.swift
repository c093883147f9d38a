import FluentKit

/// Every schema change, in the order it was made. Append only: a released migration never changes.
let allMigrations: [any Migration] = [
    CreateTeams(), CreateMembers(), CreateAccessTokens(), CreateAccounts(), CreateDeals(), CreateInteractions(),
    CreateReflections(), CreateReflectionRevisions(), CreateDebriefs(), CreateQuestions(), CreatePerspectives(),
    CreateTimelineEntries(), CreateLessonsAndActions(), CreateSearchDocuments(), CreateCalendarFeeds(),
    UpdateTeamsWebhooks(), CreateWebhookSubscriptions(), CreateWebhookDeliveries(), CreateInsightsIndexes(), CreateLookupIndexes(), CreateSearchFewKinds(), UpdateSearchDocumentsFewKindsIndex(),
    UpdateAccessTokensLastUsed(), UpdateDealsCurrencyExponents(), CreateLossReasons(), UpdateDebriefsConcludedLossReason(), CreateAnswerLibraryIndex(), UpdateSearchDocumentsRecentIndex(), UpdateInteractionsRepBadIndex(), CreateInsightCounts(),
    UpdateTeamsTimeZone(), UpdateMembersTimeZone(), CreateEmailMessages(), CreateEmailPreferences(), CreateFollowUpMeetings(), UpdateTeamsSkipWeekends(), CreateNudgeIndexes(),
]
