import Foundation

/// The coach's rules, most specific first: when two rules match the same words, the earlier wins.
struct CoachRule: @unchecked Sendable {
    enum Subject {
        /// The rule stands on its own.
        case any
        /// The `subj` group must name a person: a pronoun, a sales role or a capitalised name.
        case person
        /// As `person`, but "we" and "I" do not count: collective or first-person wording there is ordinary.
        case otherPerson
    }

    let category: BlameCategory
    let regex: Regex<AnyRegexOutput>
    let subject: Subject
    let suggestion: String
    /// An extra condition on the whole sentence.
    let sentenceCondition: (@Sendable (Substring) -> Bool)?
    /// The subject may not be the customer's ("their team", "the client's CFO").
    let excludesCustomerSide: Bool

    init(
        _ category: BlameCategory, _ pattern: String, subject: Subject = .any, suggestion: String,
        when sentenceCondition: (@Sendable (Substring) -> Bool)? = nil, customerSideExcluded: Bool = false
    ) {
        // What the customer's people did or should have done is theirs: the coach looks at how we talk about us.
        excludesCustomerSide = customerSideExcluded || category != .humanError
        self.category = category
        // The patterns are constants of this file; a bad one is a programming error caught by the tests.
        regex = try! Regex(pattern).ignoresCase()
        self.subject = subject
        self.suggestion = suggestion
        self.sentenceCondition = sentenceCondition
    }

    private func after(_ match: Regex<AnyRegexOutput>.Match, in sentence: Substring) -> Substring {
        sentence[match.range.upperBound...].prefix(20)
    }

    func accepts(_ match: Regex<AnyRegexOutput>.Match, _ sentence: Substring) -> Bool {
        if let sentenceCondition, !sentenceCondition(sentence) { return false }
        let before = sentence[..<match.range.lowerBound].suffix(60)
        // Reported speech: "the customer told us they should have budgeted earlier", "the champion said
        // all she had to do was…" are someone else's words, not ours to coach.
        if category != .emptyFix, category != .whyQuestion, before.contains(CoachRules.reportingClause) { return false }
        // The customer's side: "their team would have preferred…", "why did their legal team…". A
        // debrief's "their" is the customer's; what they would have done is not ours to coach.
        if excludesCustomerSide,
            before.contains(CoachRules.customerSide) || (match.output["subj"]?.substring.map { $0.lowercased() == "their" } ?? false)
        {
            return false
        }
        // "It's tempting to say Hugo should have seen it, but…", "I've heard Leon should have waited, but…":
        // the writer quotes a judgement in order to reject it.
        if category == .counterfactual || category == .hindsight || category == .blame,
            let frame = sentence.firstMatch(of: CoachRules.rejectedFrame), frame.range.lowerBound < match.range.lowerBound,
            sentence[frame.range.upperBound...].contains(CoachRules.butWord)
        {
            return false
        }
        if category == .counterfactual, !CoachRules.isCounterfactual(match, in: sentence) { return false }
        if category == .emptyFix {
            // "Instead of asking reps to be more careful, we added a reason code": the empty fix, replaced.
            if before.contains(CoachRules.replacedFix) { return false }
            // A fix that names its mechanism is not empty, whatever else it says.
            if sentence.contains(CoachRules.mechanism) { return false }
            // What the customer's people should do is theirs ("their auditor asked them to pay more attention").
            if sentence[..<match.range.lowerBound].contains(CoachRules.customerActor) { return false }
        }
        // "The phrase human error came up", "to eliminate human error in picking": named, not blamed.
        if category == .humanError, before.contains(CoachRules.humanErrorMentioned) || after(match, in: sentence).contains(CoachRules.humanErrorRates) {
            return false
        }
        // "Updating the field is a two-minute task now that the template fills it": how things are now.
        if category == .minimising, sentence.contains(CoachRules.nowWord), !sentence[match.range].contains(CoachRules.pastTense) {
            return false
        }
        // "Priya wasn't at fault", "this was not human error", "it's not that Hana was careless": denied.
        if category == .blame || category == .character || category == .humanError {
            if CoachRules.clause(before: match.range.lowerBound, in: sentence).contains(CoachRules.negation) { return false }
            if sentence[match.range.upperBound...].prefix(24).contains(CoachRules.negatedAfter) { return false }
        }
        if category == .minimising, before.contains(CoachRules.plannedLength) { return false }
        if category != .emptyFix, category != .whyQuestion, sentence[..<match.range.lowerBound].contains(CoachRules.customerReport) {
            return false
        }
        switch subject {
        case .any: return true
        case .person, .otherPerson:
            guard let word = match.output["subj"]?.substring else { return false }
            // "Why did Sam's discount request need three approvals?": the question is about the request.
            if category == .whyQuestion, word.hasSuffix("'s") || word.hasSuffix("’s") { return false }
            // "A well-formed plan should have dates", "the Acme deal": an article before the word makes it a thing.
            if sentence[..<word.startIndex].contains(CoachRules.articleBefore), !CoachRules.roles.contains(word.lowercased()) {
                return false
            }
            return CoachRules.isPerson(word, allowingFirstPerson: subject == .person)
        }
    }
}

enum CoachRules {
    /// Starts at a word boundary: unanchored, `\p{L}+` is tried from every letter of a long word and
    /// the match time grows with the square of the word's length.
    static let subject = #"\b(?<subj>\p{L}+(?:['’]s)?)"#
    nonisolated(unsafe) static let judgedFuture = try! Regex(#"\b(?:was|were)\s+(?:never\s+)?going\s+to\b|\bshould\b|\bwould\s+have\b"#).ignoresCase()
    nonisolated(unsafe) static let predictedOutcome = try! Regex(#"\b(?:would|was\s+going\s+to|were\s+going\s+to)\b"#).ignoresCase()
    nonisolated(unsafe) static let feelingObviously = try! Regex(#"\b(?:we|i|they|he|she)\s+(?:were|was|are|am|is)\s+obviously\s+(?:excited|happy|pleased|thrilled|keen|eager|disappointed|upset|surprised|nervous|tired|busy|relieved|grateful)\b"#).ignoresCase()
    nonisolated(unsafe) static let obviousness = try! Regex(#"\b(?:obvious|obviously|clear|clearly|everywhere|should\s+have|would\s+have)\b"#).ignoresCase()
    nonisolated(unsafe) static let pastMarker = try! Regex(#"\b(?:was|were|had|should|would|did|didn['’]t|wasn['’]t|weren['’]t|going\s+to|never|knew|saw)\b"#).ignoresCase()

    /// "told us (that)", "said", "admitted": what follows is someone else's words.
    nonisolated(unsafe) static let reportingClause = try! Regex(#"\b(?:told|tell|tells|said|says|mentioned|explained|admitted|wrote|confirmed|felt|feels|thinks|thought|concluded|wondered|asked|complained|believed|believes)\s+(?:aloud\s+)?(?:us\s+|me\s+|them\s+|him\s+|her\s+)?(?:that\s+|if\s+|whether\s+)?(?:they|he|she|they['’]d|he['’]d|she['’]d|they\s+were\s+the\s+ones\s+who|their\s+(?:own\s+)?\p{L}+|the\s+\p{L}+)?\s*$"#).ignoresCase()
    /// "their " or "the customer's " right before a subject.
    nonisolated(unsafe) static let customerSide = try! Regex(#"(?:\btheir|\b(?:the\s+)?(?:customer|client|prospect|buyer|vendor|partner)['’]s)\s+(?:own\s+)?(?:[\p{L}-]+\s+){0,2}$"#).ignoresCase()
    nonisolated(unsafe) static let butWord = try! Regex(#"\bbut\b"#).ignoresCase()
    /// A judgement the writer is about to reject: "it's tempting to say", "I've heard", "some would say".
    nonisolated(unsafe) static let rejectedFrame = try! Regex(#"\b(?:tempting|easy|convenient)\s+to\s+(?:say|think|conclude|argue|blame)\b|\b(?:i|we)(?:['’]ve|\s+have)\s+heard\b|\bsome\s+(?:people\s+|folks\s+)?(?:would\s+)?(?:say|said|think|argue|claim)\b|\bone\s+could\s+argue\b"#).ignoresCase()
    /// After "could have": the constraint that made the other option unavailable ("; the champion asked us
    /// to wait", "only by breaking the floor", ", which the contract did not allow").
    nonisolated(unsafe) static let explainedConstraint = try! Regex(#"^[^;]*?(?:;|,\s*but\b|\bonly\s+(?:by|if)\b|,\s*(?:which|since|because)\b)"#).ignoresCase()
    /// ", but they cancelled", ", but their counsel asked for more time": the other side changed the plan.
    nonisolated(unsafe) static let otherSideChanged = try! Regex(#",\s*but\s+(?:then\s+)?(?:they|their|the\s+(?:customer|client|prospect|buyer|vendor|partner)|it|the\s+meeting|the\s+call)\b"#).ignoresCase()
    /// An expectation about what is still to come: "should have comments back by next Tuesday", "you should
    /// have received the pricing; let me know if not".
    nonisolated(unsafe) static let stillToCome = try! Regex(#"\b(?:tomorrow|tonight|later\s+today|next\s+(?:week|month|quarter|year|monday|tuesday|wednesday|thursday|friday)|by\s+(?:next|the\s+end\s+of\s+(?:the\s+)?(?:day|week|month))|end\s+of\s+(?:day|week)|let\s+me\s+know|in\s+your\s+inbox|by\s+now)\b"#).ignoresCase()
    /// "If the budget is approved in March, they would have capacity": an open condition, not a regret.
    nonisolated(unsafe) static let openCondition = try! Regex(#"\b(?:if|once|when|unless)\s+(?:[\p{L}'’-]+\s+){1,4}?(?:is|are|gets|get|extends?|approves?|signs?|agrees?|does|do|goes|has|moves?|comes?|lands?)\b"#).ignoresCase()
    /// "would have needed", "would have preferred": a requirement or a wish, not a regret.
    nonisolated(unsafe) static let wishOrNeed = try! Regex(#"^\s*(?:been\s+able\s+to\b|needed|required|wanted|preferred|liked|loved|had\s+to\b)"#).ignoresCase()
    /// The text before an empty fix that replaces it: "instead of telling people to…", "rather than asking…".
    nonisolated(unsafe) static let replacedFix = try! Regex(#"\b(?:instead\s+of|rather\s+than)\b[^.;]{0,80}$"#).ignoresCase()
    /// A fix with a mechanism: something that now happens, a field, a template, an alert, an owner.
    nonisolated(unsafe) static let mechanism = try! Regex(#"\b(?:now\s+(?:\p{L}+s|requires?|has|shows?|posts?|fires?|blocks?)|checklist|template|alert|reminder|automatically|owned\s+by|owner|workflow|required\s+field|reason[\s-]code)\b"#).ignoresCase()
    /// The customer's people acting in the sentence: "their auditor", "the customer's CFO".
    nonisolated(unsafe) static let customerActor = try! Regex(#"\btheir\b|\b(?:the\s+)?(?:customer|client|prospect|buyer)(?:['’]s|s['’]?)?\b"#).ignoresCase()
    /// The customer reporting a judgement of someone else: "their COO felt the previous vendor had…".
    nonisolated(unsafe) static let customerReport = try! Regex(#"(?:\btheir|\bthe\s+(?:customer|client|prospect|buyer|admin|champion|sponsor)(?:['’]s)?|\b(?:customer|client|prospect|buyer)['’]s)\s+(?:[\p{L}-]+\s+){0,2}(?:felt|feels|said|says|told|thinks|thought|complained|mentioned|believed|believes|admitted|explained|wondered|concluded)\b"#).ignoresCase()
    /// An article (and perhaps an adjective) right before a word: "a well-formed MAP", "the Acme".
    nonisolated(unsafe) static let articleBefore = try! Regex(#"\b(?:a|an|the|every|each|any)\s+(?:[\p{L}-]+\s+)?$"#).ignoresCase()
    nonisolated(unsafe) static let humanErrorMentioned = try! Regex(#"(?:\b(?:phrase|term|words?|label)\s+["“'‘]?|\b(?:label\p{L}*|call\p{L}*|fram\p{L}*|treat\p{L}*)\s+(?:this|it|that)\s+(?:as\s+)?|\b(?:eliminat|reduc|cut|minimi[sz]|prevent|avoid|remov|fewer|less)\p{L}*\s+(?:[\p{L}-]+\s+){0,2})$"#).ignoresCase()
    nonisolated(unsafe) static let humanErrorRates = try! Regex(#"^\s+(?:rates?|risk|reduction)\b"#).ignoresCase()
    /// A negation in the same clause, shortly before: "wasn't", "not", "nobody", "no one", "never".
    nonisolated(unsafe) static let negation = try! Regex(#"(?:\b(?:not|never|no|nobody|none|neither|nor)\b(?!\s+only\b)|n['’]t\b)"#).ignoresCase()
    nonisolated(unsafe) static let negatedAfter = try! Regex(#"^\s+(?:(?:is|was|were|are)\s+not|isn['’]t|wasn['’]t|weren['’]t|aren['’]t|wouldn['’]t|won['’]t|doesn['’]t|didn['’]t)\b"#).ignoresCase()
    /// "It was supposed to be a 30-minute call": a planned length, not a judgement of a task.
    nonisolated(unsafe) static let plannedLength = try! Regex(#"\b(?:supposed\s+to\s+be|scheduled\s+(?:as|for)|booked\s+(?:as|for)|planned\s+as)\s+an?\s+$"#).ignoresCase()
    /// "Any rep on the team would have hit the same error": what anyone would have done clears the person.
    nonisolated(unsafe) static let anyone = try! Regex(#"\b(?:any(?:one|body)|any\s+(?:rep|ae|se|of\s+us|seller|one\s+of\s+us)|nobody|no\s+one|no-one)\b"#).ignoresCase()
    /// "was supposed to get a renewal alert": an expectation of receiving, not a duty.
    nonisolated(unsafe) static let toReceive = try! Regex(#"(?:supposed|meant|expected)\s+to\s+(?:get|receive|hear|be\s+(?:sent|told|notified|given|invited|copied))\b"#).ignoresCase()

    /// The clause a match sits in, up to it: from the last comma, semicolon, colon or dash, at most 40 characters.
    static func clause(before index: Substring.Index, in sentence: Substring) -> Substring {
        let head = sentence[..<index].suffix(40)
        if let cut = head.lastIndex(where: { ",;:—–".contains($0) }) { return head[head.index(after: cut)...] }
        return head
    }

    nonisolated(unsafe) static let nowWord = try! Regex(#"\bnow\b"#).ignoresCase()
    nonisolated(unsafe) static let pastTense = try! Regex(#"\b(?:had|was|were|would|could|needed)\b"#).ignoresCase()
    nonisolated(unsafe) static let negatedCould = try! Regex(#"\b(?:couldn['’]t|could\s+not|could\s+never|would\s+never\s+have\s+been\s+able)\b"#).ignoresCase()

    /// The scopes of a counterfactual: what looks like "should/could/would have" but is not a regret.
    static func isCounterfactual(_ match: Regex<AnyRegexOutput>.Match, in sentence: Substring) -> Bool {
        let phrase = sentence[match.range].lowercased()
        let after = sentence[match.range.upperBound...]
        // "The SE couldn't have known": impossibility clears someone, it does not blame them.
        if sentence[match.range].contains(negatedCould) { return false }
        if sentence[match.range].contains(toReceive) { return false }
        if sentence[..<match.range.upperBound].contains(anyone) { return false }
        if let subject = match.output["subj"]?.substring, !phrase.contains("should"), subject.lowercased() == "they" { return false }
        // "We could have offered a pilot; the customer had ruled pilots out": a constraint, explained.
        if phrase.contains("could"), after.contains(explainedConstraint) { return false }
        // "Marco was supposed to meet procurement on the 9th, but they cancelled".
        if after.contains(otherSideChanged) { return false }
        if phrase.contains("should"), sentence.contains(stillToCome) { return false }
        if phrase.contains("would") || phrase.contains("could") {
            if sentence.contains(openCondition) || after.contains(wishOrNeed) { return false }
            // In a debrief "they" is almost always the customer: what they would have done is theirs.
            if let subject = match.output["subj"]?.substring, subject.lowercased() == "they" { return false }
        }
        return true
    }
    /// "Nobody is to blame", "no one was at fault": the words of blame, denied.
    nonisolated(unsafe) static let deniedBlame = try! Regex(#"\b(?:nobody|no\s+one|no-one|none\s+of\s+(?:us|them))\s+(?:(?:here|involved|on\s+(?:the|our|either)\s+(?:team|side))\s+)?(?:is|was|were|are)\s+(?:really\s+|actually\s+)?(?:to\s+blame|at\s+fault)\b|\bnot\s+(?:anyone|anybody)['’]s\s+fault\b|\b(?:isn['’]t|is\s+not|wasn['’]t|was\s+not|not)\s+about\s+(?:who|whose|whom|blame|blaming|finding\s+(?:a\s+|someone))"#).ignoresCase()
    /// Judgements of a person or of their work.
    static let judgement =
        #"(?:lazy|sloppy|careless|amateurish|negligent|reckless|incompetent|half-baked|half\s+baked|shoddy|lousy|pathetic|useless|clueless|inept|embarrassing|unprofessional|botched|shambolic|slapdash|haphazard|lame|pitiful|clumsy|thoughtless)"#
    /// Things people make at work, which a judgement can be aimed at.
    static let workProduct =
        #"(?:proposal|call|demo|deck|plan|decision|follow-up|follow\s+up|followup|handoff|hand-off|discovery|pitch|quote|email|e-mail|negotiation|prep|preparation|work|job|effort|presentation|forecast|strategy|execution|response|answer|meeting|renewal|onboarding|implementation|contract|offer|reply|outreach|qualification)"#

    static let all: [CoachRule] = [
        // Human error as a cause.
        CoachRule(
            .humanError, #"\b(?:human|operator|user|rep|personal|people|individual|pilot|sales(?:person)?)\s+(?:error|mistake|failure|failing)s?\b"#,
            suggestion: "Ask what in the situation made the slip easy to make: \"What made this step easy to miss at the time?\""),
        CoachRule(
            .humanError, #"\b(?:careless|stupid|silly|dumb|sloppy|rookie)\s+(?:[\p{L}-]+\s+)?(?:mistake|error|slip)s?\b"#,
            suggestion: "Describe the step that went wrong and what surrounded it: \"What was going on when this step was done?\""),
        CoachRule(
            .humanError, #"\b(?:a|the)\s+mistake\s+(?:by|from|of)\s+"# + subject, subject: .person,
            suggestion: "Ask what made the mistake likely: \"What in the situation made this mistake easy to make?\""),
        CoachRule(
            .humanError, #"\broot\s+cause\s*(?:was|is|:)\s*(?:the\s+|our\s+)?"# + subject, subject: .person,
            suggestion: "A person is rarely a root cause. Ask: \"What conditions made this outcome possible?\""),

        // Minimising.
        CoachRule(
            .minimising, #"\ball\s+"# + subject + #"\s+(?:really\s+)?(?:had|has|needed|needs|have|need)\s+to\s+do\s+(?:was|is)\b"#, subject: .person,
            suggestion: "It looked simple only afterwards. Ask: \"What made this harder than it looks now?\""),
        CoachRule(
            .minimising, #"\bthe\s+(?:one|only)\s+thing\s+"# + subject + #"\s+(?:had|needed)\s+to\s+do\b"#, subject: .person,
            suggestion: "It looked simple only afterwards. Ask: \"What made this harder than it looks now?\""),
        CoachRule(
            .minimising, subject + #"\s+(?:only|just|simply)\s+(?:had|needed)\s+to\b"#, subject: .otherPerson,
            suggestion: "It looked simple only afterwards. Ask: \"What was competing for their attention at that moment?\""),
        CoachRule(
            .minimising,
            #"\b(?:(?:it\s+(?:was|is)|it['’]s|that\s+was|this\s+was)\s+(?:just|simply|only)\s+a\s+matter\s+of|not\s+rocket\s+science|how\s+hard\s+(?:is|was|can|could)\s+it|(?:it|that|this)\s+(?:was|is|['’]s)\s+(?:not\s+(?:that\s+)?hard|so\s+(?:simple|easy|basic)|that\s+(?:simple|easy)|trivial)|sales\s+101|basic\s+stuff)\b"#,
            suggestion: "It looked simple only afterwards. Ask: \"What made this harder than it looks now?\""),
        CoachRule(
            .minimising, #"\b(?:would|could)\s+have\s+taken\s+(?:him\s+|her\s+|them\s+|you\s+|us\s+|me\s+)?(?:only\s+|just\s+)?(?:a\s+few|\w+|\d+)\s+(?:seconds?|minutes?)\b|\b(?:one|two|five|ten|thirty|\d+)[\s-](?:minute|second)\s+(?:task|job|fix|thing|email|call)\b"#,
            suggestion: "It looked quick only afterwards. Ask: \"What made this step hard to fit in at the time?\""),

        CoachRule(
            .minimising,
            #"\b(?:simply|just|merely)\s+\p{L}+ing\b[^.;]{0,80}?\bwould\s+have\s+(?:prevented|avoided|saved|fixed|stopped|solved|caught)\b|\b(?:a|one)\s+(?:single|simple|quick|short|two-line|five-minute)\s+(?:[\p{L}-]+\s+){0,2}?(?:call|email|e-mail|check|question|message|note|reminder|follow-up|meeting)\s+would\s+have\s+(?:prevented|avoided|saved|fixed|stopped|solved|caught)\b|\b(?:it|that|this)(?:\s+(?:was|is)|['’]s)\s+(?:really\s+)?not\s+(?:that\s+)?(?:hard|difficult|complicated)\s+to\b"#,
            suggestion: "It looked simple only afterwards. Ask: \"What made this step hard to fit in at the time?\""),

        // Hindsight.
        CoachRule(
            .hindsight, #"\bshould\s+have\s+(?:known|seen|realised|realized|noticed|spotted|guessed|predicted|foreseen)\b"#,
            suggestion: "Ask what was known then: \"What did we know at that point, and what did it look like?\""),
        CoachRule(
            .hindsight, #"\bsaw\s+(?:[\p{L}']+\s+){0,3}coming\b|\bwriting\s+(?:was|is)\s+on\s+the\s+wall\b|\bno[\s-]brainer\b|\bforegone\s+conclusion\b|\bwe\s+all\s+knew\b|\b(?:was|were)\s+(?:\p{L}+\s+)?obvious\s+to\s+(?:everyone|anyone|all|everybody)\b(?!\s+(?:in\s+the\s+(?:room|meeting)|on\s+the\s+call|at\s+the\s+(?:time|meeting|table)|there|present))"#,
            suggestion: "Outcomes are clearer afterwards. Ask: \"What signals were visible at the time, and how did they look then?\""),
        CoachRule(
            .hindsight, #"\bit(?:\s+was|\s+should\s+have\s+been|['’]s|\s+is)\s+(?:so\s+|pretty\s+|totally\s+|completely\s+|painfully\s+|blindingly\s+|entirely\s+)?(?:obvious|clear|predictable|foreseeable|inevitable)\b(?!\s+(?:from|in|on|to\s+us\s+from)\b|\s+to\s+(?:everyone|everybody|all\s+of\s+us)\s+(?:in\s+the\s+(?:room|meeting)|on\s+the\s+call|at\s+the\s+(?:time|table)))"#,
            suggestion: "Outcomes are clearer afterwards. Ask: \"What did the situation look like before we knew the outcome?\""),
        CoachRule(
            .hindsight, #"\bit\s+was\s+(?:\p{L}+\s+)?(?:obvious|clear)\s+from\b"#,
            suggestion: "Outcomes are clearer afterwards. Ask: \"What did the situation look like before we knew the outcome?\"",
            when: { $0.contains(predictedOutcome) }),
        CoachRule(
            .hindsight, #"\b(?:anyone|anybody|everyone|a\s+child|any\s+rep)(?:\s+with\s+(?:eyes|a\s+brain|half\s+a\s+brain|any\s+experience))?\s+(?:could|would|should)\s+(?:have\s+)?(?:seen|see|known|know|told|tell|spotted|spot|predicted|predict)\b"#,
            suggestion: "Ask what was known then: \"What did we know at that point, and what did it look like?\""),
        CoachRule(
            .hindsight, #"\bobviously\b"#,
            suggestion: "Ask what was visible then: \"What did it look like at the time, before we knew how it ended?\"",
            // "We were obviously excited" describes a feeling; hindsight judges what someone should have seen.
            when: { $0.contains(judgedFuture) && !$0.contains(feelingObviously) }),
        CoachRule(
            .hindsight, #"\bclearly\b"#,
            suggestion: "Ask what was visible then: \"What did it look like at the time, before we knew how it ended?\"",
            when: { $0.contains(judgedFuture) }),

        CoachRule(
            .hindsight,
            #"\b(?:impossible|hard)\s+to\s+(?:miss|overlook|ignore)\b|\bany(?:one|body)\s+(?:paying\s+(?:any\s+)?attention|with\s+(?:eyes|half\s+a\s+brain|any\s+sense))\s+(?:would|could|should)\s+have\b|\bthe\s+(?:signs|warning\s+signs|red\s+flags)\s+were\s+(?:all\s+)?(?:there|everywhere|obvious)\b"#,
            suggestion: "Outcomes are clearer afterwards. Ask: \"What signals were visible at the time, and how did they look then?\""),
        CoachRule(
            // "In hindsight" frames a judgement only when one follows; "in hindsight reviews" or "in
            // retrospect, the market shifted" describe, they do not judge.
            .hindsight, #"\b(?:in|with)\s+(?:the\s+benefit\s+of\s+)?(?:hindsight|retrospect)\b(?!\s+reviews?\b)"#,
            suggestion: "Outcomes are clearer afterwards. Ask: \"What signals were visible at the time, and how did they look then?\"",
            when: { $0.contains(judgedFuture) || $0.contains(obviousness) }),
        CoachRule(
            .hindsight, #"\blooking\s+back\s*,"#,
            suggestion: "Outcomes are clearer afterwards. Ask: \"What did the situation look like before we knew the outcome?\"",
            when: { $0.contains(judgedFuture) || $0.contains(obviousness) }),

        // Counterfactuals.
        CoachRule(
            .counterfactual, #"\bif\s+only\b(?!\s+(?:one|two|three|a\s+few|a\s+handful|some|\d+|part|half|the\s+customer|the\s+client|their|they)\b)"#,
            suggestion: "Describe what happened and why it made sense then: \"What made the path we took look right at the time?\""),
        CoachRule(
            .counterfactual,
            subject + #"\s+(?:really\s+|just\s+|clearly\s+|definitely\s+|obviously\s+)?(?:(?:should|could|would|ought\s+to|shouldn['’]t|couldn['’]t|wouldn['’]t|should\s+not|could\s+not|should\s+never|could\s+never|would\s+never)(?:\s+(?:just|simply|really|easily|ever))?\s+have|(?:should|could|would)['’]ve)\b(?!\s+(?:the|a|an|it|this|that|them|our|your|their|his|her|some|any|one|two|three|\d+|everything|all|no|more|to)\b)"#,
            subject: .person,
            suggestion: "Replace what should have happened with what did: \"What made the other option look less attractive at the time?\""),
        CoachRule(
            .counterfactual, #"^\s*had\s+"# + subject + #"\s+(?:just\s+|only\s+)?\p{L}+"#, subject: .person,
            suggestion: "Describe what happened and why it made sense then: \"What led to that choice at the time?\""),
        CoachRule(
            .counterfactual, #"\bif\s+"# + subject + #"\s+had\s+(?:just\s+|only\s+|simply\s+)?(?:not\s+)?\p{L}+ed\b"#, subject: .person,
            suggestion: "Describe what happened and why it made sense then: \"What made the path we took look right at the time?\""),

        CoachRule(
            .counterfactual, subject + #"\s+(?:was|were)\s+(?:clearly\s+|obviously\s+)?(?:supposed|meant|expected)\s+to\b"#, subject: .person,
            suggestion: "Describe what happened and what got in the way: \"What made that step hard to do at the time?\""),
        CoachRule(
            .counterfactual, #"\bhad\s+(?:every|plenty\s+of|all\s+the)\s+(?:chance|chances|opportunity|opportunities)\s+to\b"#,
            suggestion: "Describe what happened and why it made sense then: \"What made the path we took look right at the time?\""),
        CoachRule(
            .counterfactual, subject + #"\s+(?:needed|had)\s+to\s+[^,.;]{1,60},\s+not\b"#, subject: .person,
            suggestion: "Describe what happened and why it made sense then: \"What made that choice look right at the time?\""),

        // Accusatory why-questions.
        CoachRule(
            .whyQuestion,
            #"(?:^|[,;:]\s*)\s*(?:but\s+|so\s+|and\s+|ok(?:ay)?,?\s+)?why\s+(?:on\s+earth\s+|the\s+hell\s+|exactly\s+)?(?:didn['’]t|did|don['’]t|do|does|doesn['’]t|would|wouldn['’]t|couldn['’]t|could|weren['’]t|wasn['’]t|were|was|haven['’]t|hasn['’]t|hadn['’]t|isn['’]t|aren['’]t|won['’]t|should|shouldn['’]t)\s+(?:the\s+|our\s+|my\s+)?"# + subject,
            subject: .person,
            suggestion: "Ask how or what instead of why: \"What led to that decision?\" or \"How did the follow-up get planned?\""),
        CoachRule(
            .whyQuestion, #"\bwhat\s+(?:were|was)\s+(?:you|they|he|she)\s+thinking\b"#,
            suggestion: "Ask about the situation: \"What were you weighing at that moment?\""),
        CoachRule(
            .whyQuestion, #"\bhow\s+could\s+"# + subject + #"\s+(?:not\s+|possibly\s+|ever\s+)?\p{L}+"#, subject: .otherPerson,
            suggestion: "Ask about the situation: \"What made that look like the right call at the time?\""),

        // Character judgments, of a person or of their work ("a lazy proposal", "the handoff was a shambles").
        CoachRule(
            .character,
            #"\b(?:a|an|the|that|this|his|her|their|your|its|such\s+an?)\s+(?:(?:very|really|totally|completely|pretty|so|truly|frankly)\s+)?"# + judgement
                + #"\s+(?:[\p{L}-]+\s+)?"# + workProduct + #"s?\b"#,
            suggestion: "Describe what the work lacked and what got in the way: \"What was missing from it, and what made that hard at the time?\""),
        CoachRule(
            .character,
            #"\b"# + workProduct + #"s?\b(?:\s+[\p{L}'’]+){0,3}?\s+(?:was|were|is|are|looked|seemed)\s+(?:(?:so|very|really|totally|completely|pretty|frankly|just|a\s+bit|utterly)\s+)*(?:"#
                + judgement + #"|a\s+(?:complete\s+|total\s+)?(?:shambles|mess|joke|disaster|trainwreck|train\s+wreck|farce))\b"#,
            suggestion: "Describe what the work lacked and what got in the way: \"What was missing from it, and what made that hard at the time?\""),
        CoachRule(
            .character,
            subject + #"(?:\s+(?:is|are|was|were|seems|seemed|has\s+been|have\s+been|can\s+be|gets|got)|['’]s|['’]re)\s+(?:just\s+|so\s+|really\s+|too\s+|completely\s+|totally\s+|very\s+|pretty\s+|always\s+|a\s+bit\s+|kind\s+of\s+|clearly\s+|simply\s+|such\s+a\s+|a\s+)*(?:careless|lazy|sloppy|incompetent|clueless|useless|stupid|dumb|negligent|arrogant|unprofessional|hopeless|disorganized|disorganised|reckless|naive|naïve|inept|unreliable|irresponsible|selfish|entitled|scatterbrained|checked\s+out|a\s+mess|not\s+a\s+closer|not\s+cut\s+out|idiots?|morons?|amateurs?|liability|slackers?|timid|passive|spineless|too\s+(?:timid|passive|scared|afraid|soft|green|junior|proud|stubborn|lazy|arrogant)\s+to)\b"#,
            subject: .person,
            suggestion: "Describe the action and its context instead of the person: \"What was competing for their attention?\""),
        CoachRule(
            .character,
            #"\b(?:a|an|such\s+a|such\s+an)\s+(?:terrible|lousy|weak|bad|poor|awful|horrible|useless|hopeless|lazy|sloppy|careless|incompetent)\s+(?:rep|closer|seller|salesperson|negotiator|listener|communicator|manager|ae|sdr|engineer|employee|hire|teammate|leader|presenter)\b"#,
            suggestion: "Describe what happened in the conversation instead of rating the person: \"What did the customer hear, and what did they need?\""),
        CoachRule(
            .character, subject + #"\s+(?:doesn['’]t|does\s+not|never|just\s+doesn['’]t)\s+(?:care|cares|listen|listens|bother|bothers|prepare|prepares)\b"#,
            subject: .otherPerson,
            suggestion: "Describe the specific moment instead of a trait: \"What happened in that meeting, and what made it hard?\""),
        CoachRule(
            .character, #"\b(?:doesn['’]t|does\s+not|didn['’]t|did\s+not)\s+have\s+(?:the\s+|any\s+)?(?:instincts|chops|skills|backbone|spine|talent|guts|brains|head\s+for)\b|\b(?:has\s+no\s+clue|had\s+no\s+clue|no\s+idea\s+what\s+(?:he|she|they)\s+(?:was|were|is|are)\s+doing|can['’]t\s+sell|not\s+a\s+team\s+player)\b"#,
            suggestion: "Describe what they knew and did, not what they are: \"What information did they have at that point?\""),

        // Blaming a person through an attribution frame: "down to Priya", "Tom is the reason", "traces back
        // to Ahmed", "sits squarely with finance".
        CoachRule(
            .blame, #"\b(?:is|was|it['’]s|comes|came|all)\s+(?:all\s+|entirely\s+|squarely\s+)?down\s+to\s+(?:the\s+)?"# + subject, subject: .otherPerson,
            suggestion: "Describe the sequence of events instead of a culprit: \"What happened, step by step?\"", customerSideExcluded: true),
        CoachRule(
            .blame, subject + #"\s+(?:is|was|are|were)\s+(?:the\s+)?(?:(?:whole|only|real|main|sole|one)\s+)?reasons?\s+(?:why\s+|that\s+)?(?:we|it|the|this|they)\b"#,
            subject: .otherPerson,
            suggestion: "Describe the sequence of events instead of a culprit: \"What happened, step by step?\"", customerSideExcluded: true),
        CoachRule(
            .blame, #"\btraces?\s+(?:straight\s+|right\s+|all\s+the\s+way\s+)?back\s+to\s+"# + subject, subject: .otherPerson,
            suggestion: "Describe the sequence of events instead of a culprit: \"What happened, step by step?\"", customerSideExcluded: true),
        CoachRule(
            .blame, #"\b(?:sits|lies|rests|falls)\s+(?:squarely|firmly|entirely|solely|fully)\s+(?:with|on)\s+(?:the\s+)?"# + subject, subject: .otherPerson,
            suggestion: "Describe the sequence of events instead of a culprit: \"What happened, step by step?\"", customerSideExcluded: true),

        // Blaming a person.
        CoachRule(
            .blame, subject + #"\s+(?:own\s+)?(?:fault|screw[\s-]?up|blunder|negligence|mistake|failure)\b(?!\s+(?:analysis|mode|modes|rate|rates|point|points|review|reviews|log|report|tolerance|case|cases|scenario|scenarios))"#, subject: .person,
            suggestion: "Describe what happened, not whose it was: \"What sequence of events led here?\"",
            when: { _ in true }),
        CoachRule(
            .blame,
            #"\bdropped\s+the\s+ball\b|\b(?:screwed|messed|fouled|cocked|effed)\s+(?:it\s+|this\s+|that\s+|things\s+|everything\s+)?up\b|\bblew\s+(?:it|the\s+deal|the\s+call|the\s+demo|the\s+renewal|the\s+meeting)\b|\bthrew\s+\p{L}+\s+under\s+the\s+bus\b|\b(?:is|are|was|were)\s+to\s+blame\b|\b(?:i|we)\s+blame\b|\bblame\s+(?:lies|rests|falls|goes)\b|\b(?:it\s+was|it['’]s|that\s+was|that['’]s)\s+(?:all\s+)?on\s+(?:him|her|them|you)\b|\bat\s+fault\b|\bno\s+excuse\b|\blet\s+(?:the\s+|our\s+|a\s+)?(?:deal|champion|account|renewal|customer|opportunity|ball|it)\s+(?:slip|fall|drop)\b"#,
            suggestion: "Describe the action and its context: \"What did they see and know when they acted?\"",
            when: { !$0.contains(deniedBlame) }),
        CoachRule(
            .blame, subject + #"\s+(?:completely\s+|totally\s+|simply\s+|just\s+)?(?:failed|neglected|refused)\s+to\b"#, subject: .otherPerson,
            suggestion: "Describe what happened and what got in the way: \"What made that step hard to do at the time?\""),
        CoachRule(
            .blame, #"\bI\s+(?:completely\s+|totally\s+)?(?:failed|neglected)\s+to\b"#,
            suggestion: "Be as kind to yourself as to a colleague: \"What got in the way of that step?\""),
        CoachRule(
            .blame,
            #"\bbecause\s+(?:of\s+)?"# + subject + #"\s+(?:didn['’]t|did\s+not|never|forgot|ignored|missed|couldn['’]t|wouldn['’]t|failed|screwed|messed|dropped)\b"#,
            subject: .otherPerson,
            suggestion: "Describe the sequence of events instead of a culprit: \"What happened before that, and what did they know?\""),
        CoachRule(
            .blame, subject + #"\s+(?:completely\s+|totally\s+|basically\s+|just\s+|really\s+)?(?:ignored|neglected|botched|fumbled|bungled|tanked|killed|sabotaged|cost\s+us|screwed|torpedoed|blew|sank|wrecked|derailed|butchered|nuked|scuppered)\b"#, subject: .otherPerson,
            suggestion: "Describe the action and its context: \"What did they see and know when they acted?\""),
        CoachRule(
            .blame, #"\blost\s+(?:the\s+deal|it|them|the\s+account|the\s+renewal|the\s+customer)\s+because\s+(?:of\s+)?"# + subject,
            subject: .otherPerson,
            suggestion: "Describe the sequence of events instead of a culprit: \"What happened, step by step?\""),
        CoachRule(
            .blame, subject + #"\s+(?:is|was|were|are)\s+(?:solely\s+|fully\s+|entirely\s+|personally\s+)?responsible\s+for\s+(?:losing|the\s+loss|this|the\s+churn|the\s+cancellation|the\s+mess)\b"#,
            subject: .person,
            suggestion: "Describe the sequence of events instead of a culprit: \"What happened, step by step?\""),
        CoachRule(
            .blame, subject + #"\s+(?:caused|created)\s+(?:this|the\s+(?:loss|problem|churn|mess|escalation|cancellation))\b"#, subject: .otherPerson,
            suggestion: "Describe the sequence of events instead of a culprit: \"What happened, step by step?\""),

        // Fixes without a mechanism.
        CoachRule(
            .emptyFix,
            #"\b(?:be|being|stay|get)\s+(?:a\s+lot\s+|much\s+|way\s+|a\s+bit\s+)?(?:more|extra)\s+(?:careful|vigilant|diligent|focused|thorough|disciplined|attentive|proactive|organized|organised|responsive|mindful|aware|prepared)\b"#,
            suggestion: "Name a mechanism instead: a checklist item, a template, a reminder, a second reviewer, with an owner and a date."),
        CoachRule(
            .emptyFix, #"\bbe\s+careful\s+(?:next\s+time|in\s+(?:the\s+)?future|going\s+forward|from\s+now\s+on)\b"#,
            suggestion: "Name a mechanism instead: a checklist item, a template, a reminder, a second reviewer, with an owner and a date."),
        CoachRule(
            .emptyFix,
            #"\bpay\s+(?:more|closer|better|extra)\s+attention\b|\b(?:try|work|push)\s+harder\b|\bdo\s+better\b|\bdouble[\s-]check\s+(?:everything|all|things|more|your\s+work)\b|\bstay\s+on\s+top\s+of\b|\bkeep\s+a\s+closer\s+eye\b|\btake\s+(?:more\s+)?ownership\b"#,
            suggestion: "Name a mechanism instead: what will make the right step easy? A checklist, a template, an alert, a reviewer."),
        CoachRule(
            .emptyFix,
            #"\b(?:don['’]t|do\s+not|never)\s+let\s+(?:it|this|that)\s+happen\s+again\b|\bmake\s+sure\s+(?:it|this|that)\s+(?:never|doesn['’]t|does\s+not|won['’]t)\s+happens?\s+again\b|\b(?:this|it|that)\s+(?:can['’]t|cannot|must\s+not|mustn['’]t|won['’]t|will\s+not|shouldn['’]t)\s+happen\s+again\b"#,
            suggestion: "Say what will change so it cannot happen again: which step, which tool, which owner, by when."),
        CoachRule(
            .emptyFix, #"\b(?:communicate|listen|prepare|plan|follow\s+up|focus)\s+better\b|\b(?:better|more)\s+communication\b"#,
            suggestion: "Make it concrete: who tells whom what, when, through which channel, and who owns it."),
        CoachRule(
            .emptyFix, #"\b(?:should|must|need\s+to|needs\s+to|have\s+to|has\s+to|will)\s+(?:just\s+)?remember\s+to\b"#,
            suggestion: "Memory is not a mechanism: add a checklist item, a template field or a reminder, with an owner."),
    ]

    static let pronouns: Set<String> = [
        "i", "you", "he", "she", "they", "we", "someone", "somebody", "nobody", "everyone", "everybody", "him", "them",
        "his", "her", "their", "your", "my", "our",
    ]
    static let roles: Set<String> = [
        "rep", "reps", "ae", "aes", "sdr", "sdrs", "bdr", "bdrs", "csm", "csms", "se", "ses", "manager", "managers", "engineer",
        "team", "sales", "legal", "marketing", "support", "finance", "ops", "leadership", "management", "colleague", "teammate",
        "salesperson", "seller", "closer", "director", "vp", "founder", "ceo", "cro",
    ]
    /// Capitalised words that start sentences or name things, not people.
    static let notNames: Set<String> = [
        "the", "this", "that", "it", "there", "their", "our", "a", "an", "if", "but", "and", "so", "then", "next", "when", "what",
        "how", "why", "who", "which", "its", "these", "those", "in", "on", "at", "as", "after", "before", "once", "while", "since",
        "because", "also", "maybe", "perhaps", "customer", "customers", "client", "clients", "prospect", "buyer", "procurement",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "q1", "q2", "q3", "q4", "crm", "api", "sso",
        "everything", "nothing", "something", "all", "both", "each", "one", "none", "no", "yes", "we'll", "let's", "here", "now",
        "today", "tomorrow", "yesterday", "going", "for", "to", "from", "with", "without", "about", "during", "by", "of",
        "whose", "whom", "whoever", "whatever", "whichever", "shipping", "pricing", "billing", "onboarding",
        // Things that open sentences in sales notes.
        "usage", "revenue", "pipeline", "adoption", "engagement", "demand", "budget", "growth", "churn", "morale", "traffic",
        "bookings", "margin", "margins", "headcount", "funding", "volume", "volumes", "interest",
    ]

    /// True when the word names a person: a pronoun, a sales role, or a capitalised name.
    static func isPerson(_ word: Substring, allowingFirstPerson: Bool) -> Bool {
        var word = String(word)
        if word.hasSuffix("'s") || word.hasSuffix("’s") { word = String(word.dropLast(2)) }
        let lower = word.lowercased()
        if !allowingFirstPerson, lower == "we" || lower == "i" || lower == "my" || lower == "our" { return false }
        if pronouns.contains(lower) || roles.contains(lower) { return true }
        guard let first = word.first, first.isUppercase, word.count > 1 else { return false }
        // "MAP", "POC", "CPQ": an acronym names a thing; the roles among them ("AE", "SE") were matched above.
        if word.allSatisfy({ $0.isUppercase || $0.isNumber }) { return false }
        // "Shipping should have been faster": a capitalised gerund opens a sentence; it names no one.
        if lower.hasSuffix("ing"), lower.count > 5 { return false }
        return !notNames.contains(lower)
    }
}
