/// `teamID` → `team_id`, `whatWentWell` → `what_went_well`: a Swift name as its stored column. An
/// underscore goes before an upper-case letter that follows a lower-case one or a digit, so a run of
/// capitals (`ID`) stays one word.
extension String {
    public var snakeCased: String {
        var result = ""
        var previous: Unicode.Scalar?
        for scalar in unicodeScalars {
            if scalar.properties.isUppercase, let previous, previous.properties.isLowercase || previous.properties.numericType != nil {
                result += "_"
            }
            result += String(scalar).lowercased()
            previous = scalar
        }
        return result
    }
}
