/// The seven areas of a blameless debrief (seed 000). Each participant writes their own view of each.
public enum DebriefArea: String, ClosedSet {
    case timeline
    case context
    case knowledge
    case stateOfMind = "state-of-mind"
    case mentalModel = "mental-model"
    case actionFactors = "action-factors"
    case helpSignals = "help-signals"

    public var title: String {
        switch self {
        case .timeline: "Timeline as you saw it"
        case .context: "Context for the judgments you made"
        case .knowledge: "What you knew, and assumed others knew"
        case .stateOfMind: "Your state of mind"
        case .mentalModel: "How you expected things to work"
        case .actionFactors: "What shaped your actions"
        case .helpSignals: "Signals to ask for help, or not"
        }
    }

    /// Prompts in the spirit of Etsy's debriefing guide: how and what, never why.
    public var prompts: [String] {
        switch self {
        case .timeline:
            [
                "What happened, in order, from where you stood?",
                "When did you first notice something was off, and what did you notice?",
                "What happened next, and who was involved at each step?",
            ]
        case .context:
            [
                "What were you weighing when you made the key calls?",
                "What did the situation look like at that moment, before anyone knew the outcome?",
                "What pressures (time, quota, the customer's deadlines) were in play?",
            ]
        case .knowledge:
            [
                "What did you know about the customer's needs, budget and people at the time?",
                "What did you assume everyone else already knew?",
                "What information did you look for, and where did you look?",
            ]
        case .stateOfMind:
            [
                "How were you feeling going into the key moments?",
                "What else was competing for your attention that week?",
                "How confident did you feel about the deal, and what gave you that feeling?",
            ]
        case .mentalModel:
            [
                "How did you expect the deal (or the process) to work from here?",
                "What did you expect others (the customer, colleagues) to do next?",
                "Where might others on the team picture this differently?",
            ]
        case .actionFactors:
            [
                "What made the action you took look like the right one at the time?",
                "What options did you see, and what made you choose the one you did?",
                "What tools, rules or habits shaped how you acted?",
            ]
        case .helpSignals:
            [
                "What signals told you that you needed help, or that you did not?",
                "How easy did it feel to ask for help, and from whom?",
                "What would have made asking easier?",
            ]
        }
    }
}
