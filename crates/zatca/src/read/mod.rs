//! Reading a UBL invoice (signed, cleared or unsigned) back into a plain view of its content.
