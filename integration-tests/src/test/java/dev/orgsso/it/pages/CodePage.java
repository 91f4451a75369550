package dev.orgsso.it.pages;

import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** "Confirm your email": the emailed code's input, its message, and "send a new code". */
public final class CodePage {

    private static final By CODE = By.id("code");
    private static final By ERROR = By.id("input-error-code");

    private final Browser b;

    public CodePage(Browser b) {
        this.b = b;
        b.find(By.id("orgsso-code-form"));
    }

    public WebElement codeField() {
        return b.find(CODE);
    }

    /** Types a code without submitting it (two browsers that submit at one moment). */
    public CodePage type(String code) {
        b.type(CODE, code);
        return this;
    }

    public <P> P submit(Function<Browser, P> next) {
        b.clickAndLeave(By.id("orgsso-code-submit"));
        return next.apply(b);
    }

    /** Types the code and submits it; the page that follows. */
    public <P> P enter(String code, Function<Browser, P> next) {
        return type(code).submit(next);
    }

    /** Types a code that is refused: the page again, with its message on the field. */
    public CodePage enterWrong(String code) {
        CodePage again = enter(code, CodePage::new);
        again.error();
        return again;
    }

    /** The message on the code field (waits for it). */
    public String error() {
        return b.find(ERROR).getText();
    }

    public boolean hasError() {
        return b.has(ERROR);
    }

    /** "Send a new code": the page again (with a new code or a reason to wait). */
    public CodePage resend() {
        return resend(CodePage::new);
    }

    public <P> P resend(Function<Browser, P> next) {
        b.clickAndLeave(By.id("orgsso-code-resend"));
        return next.apply(b);
    }

    public String source() {
        return b.pageSource();
    }
}
