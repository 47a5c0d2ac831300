"""Digital signatures (issue 22): PAdES signatures on the report PDF with the unit's certificate (a USB token
through PKCS#11, or a PKCS#12 file), a CMS signature over an annex's data, and their verification against
the trust roots the office installed. pyHanko does the cryptography; it is imported only when a signature
is made or checked, never at start-up."""

import warnings

# pyHanko imports cryptography's DSA key class; cryptography warns about DSA on that import. No DSA key is
# made or used here, and the warning would reach the clerk's terminal: it is not shown.
warnings.filterwarnings("ignore", message="DSA is deprecated")
